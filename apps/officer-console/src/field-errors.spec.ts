import { errorsByField } from './field-errors';

describe('errorsByField', () => {
  const fields = {
    location: '/location',
    check0: '/checks/0',
    findings: '/findings',
    finding0code: '/findings/0/code',
  };
  const error = (pointer: string) => ({ pointer, code: 'X', detail: pointer });

  it('puts each error at the field whose pointer is its own or an ancestor, the deepest winning', () => {
    const { byField, other } = errorsByField(
      [
        error('/location'),
        error('/checks/0/outcome'),
        error('/findings/0/code'),
        error('/findings/1/detail'),
        error('/sealNumber'),
      ],
      fields,
    );
    expect(byField.location?.map((e) => e.pointer)).toEqual(['/location']);
    expect(byField.check0?.map((e) => e.pointer)).toEqual(['/checks/0/outcome']);
    expect(byField.finding0code?.map((e) => e.pointer)).toEqual(['/findings/0/code']);
    expect(byField.findings?.map((e) => e.pointer)).toEqual(['/findings/1/detail']);
    expect(other.map((e) => e.pointer)).toEqual(['/sealNumber']);
  });

  it('does not take a sibling whose name merely starts the same', () => {
    const { byField, other } = errorsByField([error('/locationCode'), error('/checks/10')], fields);
    expect(byField).toEqual({});
    expect(other).toHaveLength(2);
  });
});
