import {
  AfasNotFoundError,
  AfasResponseError,
  GetConnectorMetaSchema,
  UpdateConnectorMetaSchema,
} from 'afas-client';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, testClient } from './support/fixtures.js';
import { server } from './support/msw.js';

describe('metainfo and version', () => {
  it('lists the connectors the token may use', async () => {
    server.use(
      http.get(`${BASE}/metainfo`, () =>
        HttpResponse.json({
          updateConnectors: [{ id: 'FiEntries', description: 'Financiële mutaties' }],
          getConnectors: [{ id: 'Profit_Accounts', description: 'Grootboekrekeningen' }],
          info: {
            envid: 'O12345AA',
            appName: 'Declaree',
            group: 'AuthorizationGroup 101 (12345.USER)',
            tokenExpiry: '0',
          },
        }),
      ),
    );
    const meta = await testClient().metainfo();
    expect(meta.updateConnectors.map((c) => c.id)).toEqual(['FiEntries']);
    expect(meta.getConnectors.map((c) => c.id)).toEqual(['Profit_Accounts']);
    expect(meta.info?.envid).toBe('O12345AA');
  });

  it('reads GetConnector and (recursive) UpdateConnector field metadata', async () => {
    server.use(
      http.get(`${BASE}/metainfo/get/Profit_Accounts`, () =>
        HttpResponse.json({
          name: 'Profit_Accounts',
          description: 'Grootboekrekeningen',
          fields: [
            {
              id: 'Account',
              fieldId: 'U001',
              dataType: 'string',
              label: 'Rekeningnummer',
              length: 16,
              controlType: 5,
              decimals: 0,
              decimalsFieldId: '',
            },
          ],
        }),
      ),
      http.get(`${BASE}/metainfo/update/FiEntries`, () =>
        HttpResponse.json({
          name: 'FiEntries',
          description: 'Financiële mutaties',
          fields: [],
          objects: [
            {
              name: 'FiEntryPar',
              fields: [
                {
                  fieldId: 'Year',
                  primaryKey: false,
                  dataType: 'int',
                  label: 'Boekjaar',
                  mandatory: true,
                  length: 4,
                  decimals: 0,
                  decimalFieldId: '',
                  notzero: false,
                  controlType: 1,
                  values: null,
                },
              ],
              objects: [
                {
                  name: 'FiEntries',
                  fields: [
                    {
                      fieldId: 'VaAs',
                      dataType: 'string',
                      label: 'Kenmerk rekening',
                      mandatory: true,
                      values: [
                        { id: '1', description: 'Grootboekrekening' },
                        { id: '3', description: 'Crediteur' },
                      ],
                    },
                  ],
                  objects: [
                    {
                      name: 'FiDimEntries',
                      fields: [{ fieldId: 'DiC1', dataType: 'string', label: 'Code verbijzonderingsas 1' }],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      ),
    );
    const client = testClient();
    const get = await client.getConnectorMeta('Profit_Accounts');
    expect(get.fields[0]).toMatchObject({
      id: 'Account',
      dataType: 'string',
      label: 'Rekeningnummer',
      length: 16,
    });
    const update = await client.updateConnectorMeta('FiEntries');
    const lines = update.objects[0]?.objects[0];
    expect(lines?.fields[0]?.values?.map((v) => v.id)).toEqual(['1', '3']);
    expect(lines?.objects[0]?.name).toBe('FiDimEntries');
    expect(lines?.objects[0]?.objects).toEqual([]);
  });

  it('reads the Profit version, and refuses an answer of the wrong shape', async () => {
    server.use(http.get(`${BASE}/profitversion`, () => HttpResponse.json({ version: '22.22.5' })));
    expect(await testClient().profitVersion()).toBe('22.22.5');
    server.use(http.get(`${BASE}/profitversion`, () => HttpResponse.json({ v: 1 })));
    await expect(testClient().profitVersion()).rejects.toBeInstanceOf(AfasResponseError);
  });
});

describe('the metainfo schemas (Standard Schemas, no schema library)', () => {
  it('validate saved metainfo through ~standard: defaults filled, unknown keys kept, the input untouched', () => {
    const saved = { name: 'Profit_Accounts', fields: [{ id: 'Account', dataType: 'string', extra: 1 }] };
    const result = GetConnectorMetaSchema['~standard'].validate(saved);
    expect(result).toEqual({ value: saved });
    const bare = { name: 'FiEntries', objects: [{ name: 'FiEntryPar' }] };
    const update = UpdateConnectorMetaSchema['~standard'].validate(bare);
    expect(update).toEqual({
      value: { name: 'FiEntries', fields: [], objects: [{ name: 'FiEntryPar', fields: [], objects: [] }] },
    });
    expect(bare).toEqual({ name: 'FiEntries', objects: [{ name: 'FiEntryPar' }] });
  });

  it('name the first mismatch by its path, also deep in the recursive objects', () => {
    const wrong = { name: 'FiEntries', objects: [{ name: 'FiEntryPar', objects: [{ name: 7 }] }] };
    expect(UpdateConnectorMetaSchema['~standard'].validate(wrong)).toEqual({
      issues: [{ message: 'expected a string, got number', path: ['objects', 0, 'objects', 0, 'name'] }],
    });
    expect(GetConnectorMetaSchema['~standard'].validate([])).toEqual({
      issues: [{ message: 'expected an object, got an array', path: [] }],
    });
  });

  it('an answer of the wrong shape names the field in the error', async () => {
    server.use(
      http.get(`${BASE}/metainfo/get/Profit_Accounts`, () =>
        HttpResponse.json({ name: 'Profit_Accounts', fields: [{ id: 'Account', dataType: null }] }),
      ),
    );
    const error = await testClient()
      .getConnectorMeta('Profit_Accounts')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AfasResponseError);
    expect((error as Error).message).toContain('fields.0.dataType: expected a string, got null');
  });
});

describe('file connectors', () => {
  const pdf = Buffer.from('%PDF-1.7 test');

  it('downloads a dossier attachment as bytes with mime type and name', async () => {
    server.use(
      http.get(`${BASE}/subjectconnector/9910/ABC123`, () =>
        HttpResponse.json({
          filename: 'bon.pdf',
          mimetype: 'application/pdf',
          filedata: pdf.toString('base64'),
        }),
      ),
    );
    const file = await testClient().subjectAttachment(9910, 'ABC123');
    expect(file.fileName).toBe('bon.pdf');
    expect(file.mimeType).toBe('application/pdf');
    expect(Buffer.from(file.data).equals(pdf)).toBe(true);
  });

  it('encodes the FileConnector name as AFAS wants (_ as _5f)', async () => {
    let path = '';
    server.use(
      http.get(`${BASE}/fileconnector/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({
          filename: 'my_file.pdf',
          mimetype: 'application/pdf',
          filedata: pdf.toString('base64'),
        });
      }),
    );
    await testClient().file('F1', 'my_file 1.pdf');
    expect(path).toBe('/ProfitRestServices/fileconnector/F1/my_5ffile%201.pdf');
  });

  it('ReportConnector and ImageConnector return bytes; a missing file is a not-found error', async () => {
    let reportQuery = '';
    server.use(
      http.get(`${BASE}/reportconnector/R1`, ({ request }) => {
        reportQuery = new URL(request.url).search;
        return HttpResponse.json({ filedata: pdf.toString('base64'), mimetype: 'application/pdf' });
      }),
      http.get(`${BASE}/imageconnector/IMG`, ({ request }) =>
        HttpResponse.json({
          filedata: 'iVBORw==',
          mimetype: new URL(request.url).searchParams.get('format') === '1' ? 'image/png' : 'x',
        }),
      ),
      http.get(`${BASE}/subjectconnector/1/missing`, () => new HttpResponse(null, { status: 404 })),
    );
    const client = testClient();
    const report = await client.report('R1', { where: { field: 'Year', op: 'eq', value: 2026 } });
    expect(report.mimeType).toBe('application/pdf');
    expect(reportQuery).toBe('?filterfieldids=Year&filtervalues=2026&operatortypes=1');
    expect((await client.image('IMG', 1)).mimeType).toBe('image/png');
    await expect(client.subjectAttachment(1, 'missing')).rejects.toBeInstanceOf(AfasNotFoundError);
  });
});
