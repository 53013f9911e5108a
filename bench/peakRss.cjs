/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the CommonJS bundles with require(). */
// Runs the bundled CLI in this process (argv: <dist/cli.js> <cli args...>) and reports on stderr the
// peak resident set size of the whole process, worker threads included: `peak-rss-kb N`.
const { main } = require(process.argv[2]);

main(process.argv.slice(3), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isStderrTTY: false,
}).then((code) => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
  process.exitCode = code;
});
