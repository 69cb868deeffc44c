import { AfasConfigError, OPERATOR_CODES, type OperatorName } from 'afas-client';
import { describe, expect, it } from 'vitest';
import { operatorName } from '../src/operators.js';
import { buildQuery, MAX_QUERY_LENGTH } from '../src/query.js';

const params = (q: URLSearchParams) => Object.fromEntries(q.entries());

describe('buildQuery', () => {
  it('sends skip, take and multi-field ordering', () => {
    expect(params(buildQuery({ skip: 0, take: 50, orderBy: ['Year', '-EntryNo'] }))).toEqual({
      skip: '0',
      take: '50',
      orderbyfieldids: 'Year,-EntryNo',
    });
  });

  it('joins AND with , and OR groups with ; at the same positions in all three lists', () => {
    const query = buildQuery({
      where: {
        or: [
          [
            { field: 'EmploymentEndDate', op: 'gt', value: '2020-03-22T00:00:00' },
            { field: 'EmailForDigitalDocuments', op: 'contains', value: 'P' },
          ],
          { field: 'EmailForDigitalDocuments', op: 'empty' },
        ],
      },
    });
    expect(params(query)).toEqual({
      filterfieldids: 'EmploymentEndDate,EmailForDigitalDocuments;EmailForDigitalDocuments',
      filtervalues: '2020-03-22T00:00:00,P;',
      operatortypes: '4,6;8',
    });
  });

  it.each(Object.entries(OPERATOR_CODES))('maps operator %s to AFAS code %i and back', (name, code) => {
    const query = buildQuery({ where: { field: 'F', op: name as OperatorName, value: 'x' } });
    expect(query.get('operatortypes')).toBe(String(code));
    expect(operatorName(code)).toBe(name);
  });

  it('writes dates as Amsterdam wall-clock time without Z, numbers and booleans as text', () => {
    const query = buildQuery({
      where: [
        { field: 'Date', op: 'gte', value: new Date('2024-07-01T10:00:00Z') },
        { field: 'Winter', op: 'lt', value: new Date('2024-01-15T23:30:00Z') },
        { field: 'Year', op: 'eq', value: 2024 },
        { field: 'Blocked', op: 'eq', value: false },
      ],
    });
    expect(query.get('filtervalues')).toBe('2024-07-01T12:00:00,2024-01-16T00:30:00,2024,false');
  });

  it.each([
    ['copied from an AFAS row', '2026-03-01T09:30:00Z'],
    ['from Date.toISOString()', '2026-03-01T08:30:00.000Z'],
    ['without seconds', '2026-03-01T09:30z'],
  ])('refuses a date-time string ending in Z (%s) with a typed error naming the fix', (_case, value) => {
    let error: unknown;
    try {
      buildQuery({ where: { field: 'CreateDate', op: 'gte', value } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AfasConfigError);
    const { message, hint } = error as AfasConfigError;
    expect(message).toContain('CreateDate');
    expect(message).toMatch(/ends in Z; AFAS refuses a Z in filter values/);
    expect(hint).toMatch(/Pass a Date/);
    expect(hint).toMatch(/parseAfasDateTime/);
  });

  it('sends date-times without Z and texts that merely end in Z as given', () => {
    const query = buildQuery({
      where: [
        { field: 'CreateDate', op: 'gte', value: '2026-03-01T09:30:00' },
        { field: 'Code', op: 'eq', value: 'XYZ' },
      ],
    });
    expect(query.get('filtervalues')).toBe('2026-03-01T09:30:00,XYZ');
  });

  it.each([
    ['a comma', 'Jansen, Piet'],
    ['a semicolon', 'a;b'],
  ])('switches to filterjson when a value contains %s', (_name, value) => {
    const query = buildQuery({
      where: [
        { field: 'Name', op: 'eq', value },
        { field: 'Id', op: 'gt', value: 3 },
      ],
    });
    expect(query.has('filterfieldids')).toBe(false);
    expect(JSON.parse(query.get('filterjson') ?? '')).toEqual({
      Filters: {
        Filter: [
          {
            '@FilterId': 'Filter 1',
            Field: [
              { '@FieldId': 'Name', '@OperatorType': '1', '#text': value },
              { '@FieldId': 'Id', '@OperatorType': '4', '#text': '3' },
            ],
          },
        ],
      },
    });
  });

  it('refuses a filter whose query string would pass 2049 characters (filterjson is longer still), and sends one that fits', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      field: 'AccountNumberField',
      op: 'eq' as const,
      value: `40${i}`,
    }));
    const simpleLength = `filterfieldids=${many.map((c) => c.field).join('%3B')}`.length;
    expect(simpleLength).toBeGreaterThan(MAX_QUERY_LENGTH);
    // The JSON form is longer still, so this filter cannot be sent at all.
    expect(() => buildQuery({ where: { or: many } })).toThrow(AfasConfigError);

    const fits = Array.from({ length: 60 }, (_, i) => ({ field: 'A', op: 'eq' as const, value: `${i}` }));
    const query = buildQuery({ where: { or: fits } });
    expect(query.toString().length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it('uses filterjson when asked to', () => {
    expect(
      buildQuery({ where: { field: 'A', op: 'eq', value: 1 }, filterEncoding: 'json' }).has('filterjson'),
    ).toBe(true);
  });

  it.each([
    ['an unknown operator', { field: 'A', op: 'like', value: 'x' }],
    ['a missing value', { field: 'A', op: 'eq' }],
    ['an empty field', { field: '', op: 'eq', value: 'x' }],
    ['a NaN', { field: 'A', op: 'eq', value: Number.NaN }],
  ])('refuses %s', (_name, condition) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input from untyped callers
    expect(() => buildQuery({ where: condition as any })).toThrow(AfasConfigError);
  });
});
