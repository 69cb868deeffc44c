import { AfasConfigError } from 'afas-client';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, testClient } from './support/fixtures.js';
import { server } from './support/msw.js';

/** Captures method, path and body of every write. */
function captureWrites(respond: () => Response = () => new HttpResponse(null, { status: 201 })) {
  const seen: { method: string; path: string; body: unknown }[] = [];
  server.use(
    http.all(`${BASE}/connectors/*`, async ({ request }) => {
      const text = await request.text();
      seen.push({
        method: request.method,
        path: new URL(request.url).pathname.replace('/ProfitRestServices/', ''),
        body: text ? JSON.parse(text) : undefined,
      });
      return respond();
    }),
  );
  return seen;
}

describe('UpdateConnector bodies', () => {
  it('wraps FiEntries in its root object FiEntryPar and returns the generated keys', async () => {
    const seen = captureWrites(() =>
      HttpResponse.json({ results: { FiEntryPar: { UnId: '1', EnNo: '54605' } } }, { status: 201 }),
    );
    const element = {
      Fields: { Year: 2026, Peri: 5, UnId: 1, JoCo: '70' },
      Objects: [{ FiEntries: { Element: [{ Fields: { VaAs: '3', AcNr: '30001', AmCr: '12.10' } }] } }],
    };
    const result = await testClient().insert('FiEntries', element);
    expect(seen).toEqual([
      { method: 'POST', path: 'connectors/FiEntries', body: { FiEntryPar: { Element: element } } },
    ]);
    expect(result).toEqual({
      status: 201,
      results: { FiEntryPar: { UnId: '1', EnNo: '54605' } },
      keys: { UnId: '1', EnNo: '54605' },
    });
  });

  it('sends several elements as an Element array, with PUT for update', async () => {
    const seen = captureWrites();
    const elements = [
      { '@UnId': 1, '@EnNo': 2, '@SeNo': 1, Fields: { U76779D5140F7CC8D7F1537BD5CC4FC50: 'a' } },
      { '@UnId': 1, '@EnNo': 2, '@SeNo': 2, Fields: { U76779D5140F7CC8D7F1537BD5CC4FC50: 'b' } },
    ];
    const result = await testClient().update('FiEntriesCustom', elements);
    expect(seen[0]).toEqual({
      method: 'PUT',
      path: 'connectors/FiEntriesCustom',
      body: { FiEntriesCustom: { Element: elements } },
    });
    expect(result).toEqual({ status: 201, results: {}, keys: {} });
  });

  it('reads results without the `results` wrapper too (as in some AFAS examples)', async () => {
    captureWrites(() =>
      HttpResponse.json({ FiEntryPar: { UnId: '1', EnNo: '48227', InId: 'IH001057X' } }, { status: 201 }),
    );
    const result = await testClient().insert('FiEntries', { Fields: {} });
    expect(result.keys).toEqual({ UnId: '1', EnNo: '48227', InId: 'IH001057X' });
  });

  it('uses an explicit root object when told', async () => {
    const seen = captureWrites();
    await testClient().insert('HrMobility', { Fields: { X: 1 } }, { object: 'HrEmployee' });
    expect(seen[0]?.body).toEqual({ HrEmployee: { Element: { Fields: { X: 1 } } } });
  });

  it('posts to a sub-object of an existing record', async () => {
    const seen = captureWrites(() =>
      HttpResponse.json({ results: { KnSubject: { SbId: '9910' } } }, { status: 201 }),
    );
    const element = { '@SbId': 9910, Fields: { FileName: 'bon.pdf', FileStream: 'JVBERi0=' } };
    await testClient().insertSubObject('KnSubject', 'KnSubjectAttachment', element);
    expect(seen[0]).toEqual({
      method: 'POST',
      path: 'connectors/KnSubject/KnSubjectAttachment',
      body: { KnSubjectAttachment: { Element: element } },
    });
  });

  it.each([
    ['a small PDF', 4],
    ['a file whose length is not a multiple of 3, over several slices', 200_003],
  ])('sends file contents given as bytes (%s) as base64, beside text in any script', async (_name, size) => {
    const seen = captureWrites(() =>
      HttpResponse.json({ results: { KnSubject: { SbId: '7' } } }, { status: 201 }),
    );
    const bytes = new Uint8Array(size).map((_, i) => (i * 7919) % 256); // every byte value, 0x00 and 0xFF too
    const fileName = 'Déclaration “R-1” 🚗.pdf';
    const description = `quotes " and \\ and \u0000file:0: stay text`;
    await testClient().insert('KnSubject', {
      Fields: { StId: 31, Ds: description },
      Objects: [
        { KnSubjectAttachment: { Element: [{ Fields: { FileName: fileName, FileStream: bytes } }] } },
      ],
    });
    const body = seen[0]?.body as {
      KnSubject: {
        Element: {
          Fields: { Ds: string };
          Objects: [{ KnSubjectAttachment: { Element: [{ Fields: Record<string, string> }] } }];
        };
      };
    };
    const attachment = body.KnSubject.Element.Objects[0].KnSubjectAttachment.Element[0].Fields;
    expect(attachment['FileStream']).toBe(Buffer.from(bytes).toString('base64'));
    expect(attachment['FileName']).toBe(fileName);
    expect(body.KnSubject.Element.Fields.Ds).toBe(description);
  });

  it('refuses an empty list of elements', async () => {
    await expect(testClient().insert('FiEntries', [])).rejects.toBeInstanceOf(AfasConfigError);
  });
});

describe('delete', () => {
  it.each([
    ['one key', 'KnSubject', { '@SbId': 9910 }, 'connectors/KnSubject/KnSubject/@SbId/9910'],
    [
      'a composite key',
      'FbUnitBasicItem',
      { '@VaIt': 2, '@BiUn': 'STK' },
      'connectors/FbUnitBasicItem/FbUnitBasicItem/@VaIt,@BiUn/2,STK',
    ],
    [
      'a nested path',
      'FiEntries',
      [
        { object: 'FiEntryPar', keys: { UnId: 1, JoCo: '73' } },
        { object: 'FiEntries', keys: { '@EnNo': 70001 } },
      ],
      'connectors/FiEntries/FiEntryPar/UnId,JoCo/1,73/FiEntries/@EnNo/70001',
    ],
    [
      'a value that needs encoding',
      'FiEntries',
      [
        { object: 'FiEntryPar', keys: { UnId: 1, JoCo: '70' } },
        { object: 'FiEntries', keys: { InId: 'R/2026 #1' } },
      ],
      'connectors/FiEntries/FiEntryPar/UnId,JoCo/1,70/FiEntries/InId/R%2F2026%20%231',
    ],
  ])('builds the path for %s', async (_name, connector, keys, path) => {
    const seen = captureWrites(() => new HttpResponse(null, { status: 200 }));
    const result = await testClient().delete(connector, keys);
    expect(seen[0]).toEqual({ method: 'DELETE', path, body: undefined });
    expect(result.status).toBe(200);
  });

  it.each([
    ['no keys', {}],
    ['an empty key value', { '@SbId': '' }],
    ['no segments', []],
  ])('refuses %s', async (_name, keys) => {
    await expect(testClient().delete('KnSubject', keys)).rejects.toBeInstanceOf(AfasConfigError);
  });
});
