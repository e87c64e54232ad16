import { renderFields, renderTable, terminalSafe } from './text-table';

describe('text tables', () => {
  it('pads columns to the widest cell', () => {
    expect(
      renderTable(
        ['ID', 'MODE'],
        [
          ['1', 'full'],
          ['22', 'read-only'],
        ],
      ),
    ).toBe('ID  MODE\n1   full\n22  read-only\n');
  });

  it('shows an empty table as its header', () => {
    expect(renderTable(['ID', 'MODE'], [])).toBe('ID  MODE\n');
  });

  it('aligns fields and shows null as a dash', () => {
    expect(
      renderFields([
        ['Mode', 'full'],
        ['Until', null],
        ['Hidden', undefined],
      ]),
    ).toBe('Mode:   full\nUntil:  -\n');
  });

  it('neutralises terminal escapes and line breaks from the database', () => {
    expect(terminalSafe('a\u001b[2Jb\nc\u202ed')).toBe('a?[2Jb c?d');
  });

  it('truncates long text with an ellipsis', () => {
    expect(terminalSafe('abcdefgh', 5)).toBe('abcd…');
  });
});
