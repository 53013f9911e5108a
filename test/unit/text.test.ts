import assert from 'node:assert/strict';
import { oneLine, stripInvisible, terminalSafe } from '../../src/core/text.js';

describe('Control-character filters', () => {
  const hostile = 'a\u0000b\u001b[2Jc\u009b31m\u202ed\u2066e\u200ff\r\ng\th';

  it('stripInvisible keeps layout (tab, CR, LF) and drops every other control and bidi character', () => {
    assert.equal(stripInvisible(hostile), 'ab[2Jc31mdef\r\ng\th');
  });

  it('terminalSafe also drops the carriage return, which would let a line overwrite itself', () => {
    assert.equal(terminalSafe(hostile), 'ab[2Jc31mdef\ng\th');
    assert.equal(terminalSafe('progress\rFAKE'), 'progressFAKE');
  });

  it('oneLine turns every control into a space and collapses whitespace', () => {
    assert.equal(oneLine(hostile), 'a b [2Jc 31m d e f g h');
    assert.equal(oneLine('  \u0007 '), '');
  });
});
