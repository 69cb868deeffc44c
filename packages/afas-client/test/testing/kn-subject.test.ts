import { afterEach, describe, expect, it } from 'vitest';
import {
  AfasSimulator,
  afasTokenHeader,
  DEMO_EXPENSE_REPORT_TYPE,
  DEMO_TOKEN_DATA,
  demoSeed,
} from '../../src/testing/index.js';
import { entryBody, profitError, useSimulator } from './support.js';

const { simulator, call } = useSimulator();

const PDF = Buffer.from('%PDF-1.4 demo report').toString('base64');

interface SubjectOptions {
  readonly fields?: Record<string, unknown>;
  readonly link?: Record<string, unknown>;
  readonly attachments?: Record<string, unknown>[];
}

function subjectBody({ fields = {}, link, attachments }: SubjectOptions = {}): unknown {
  const objects: unknown[] = [];
  if (link) objects.push({ KnSubjectLink: { Element: { Fields: link } } });
  if (attachments)
    objects.push({ KnSubjectAttachment: { Element: attachments.map((f) => ({ Fields: f })) } });
  return {
    KnSubject: {
      Element: {
        Fields: {
          StId: DEMO_EXPENSE_REPORT_TYPE,
          Ds: 'Declaratie DEC-2026-001',
          Da: '2026-03-21T13:42:59',
          ...fields,
        },
        Objects: objects,
      },
    },
  };
}

const invoiceLink = { DoCRM: true, SfTp: '11', SfId: '30001', PiUn: 1, PiTp: 1, PiId: 'DEC-2026-001' };
const post = (body: unknown, language?: string) =>
  call('/connectors/KnSubject', { method: 'POST', json: body, ...(language ? { language } : {}) });

describe('POST KnSubject', () => {
  it('creates a dossier item linked to a booked purchase invoice, with its PDF', async () => {
    await call('/connectors/FiEntries', { method: 'POST', json: entryBody() });
    const response = await post(
      subjectBody({ link: invoiceLink, attachments: [{ FileName: 'DEC-2026-001.pdf', FileStream: PDF }] }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ results: { KnSubject: { SbId: '50001' } } });

    const [item] = simulator.subjects;
    expect(item).toMatchObject({ id: 50001, typeId: 31, subject: 'Declaratie DEC-2026-001' });
    expect(item?.links[0]).toMatchObject({ PiId: 'DEC-2026-001', SfTp: '11', DoCRM: true });
    const attachment = item?.attachments[0];
    expect(attachment).toMatchObject({
      fileName: 'DEC-2026-001.pdf',
      mimeType: 'application/pdf',
      data: PDF,
    });

    const subjects = await (await call('/connectors/ProfitSubjects')).json();
    expect(subjects).toMatchObject({
      rows: [{ SbId: 50001, SbTy: 31, Ds: 'Declaratie DEC-2026-001', DaSe: '2026-03-21T13:42:59Z' }],
    });
    const attachments = await (await call('/connectors/Profit_Subject_Attachments')).json();
    expect(attachments).toMatchObject({
      rows: [{ subject_id: 50001, file_id: attachment?.fileId, file_name: 'DEC-2026-001.pdf' }],
    });

    const viaSubject = await call(`/subjectconnector/50001/${attachment?.fileId}`);
    expect(await viaSubject.json()).toEqual({
      filename: 'DEC-2026-001.pdf',
      mimetype: 'application/pdf',
      filedata: PDF,
    });
    const viaFile = await call(`/fileconnector/${attachment?.fileId}/DEC-2026-001.pdf`);
    expect(viaFile.status).toBe(200);
  });

  it.each([
    ['/subjectconnector/50001/00000000000000000000000000000000'],
    ['/fileconnector/00000000000000000000000000000000/x.pdf'],
  ])('answers a missing file at %s with 404', async (path) => {
    const response = await call(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it.each([
    [
      'a missing dossier item type',
      subjectBody({ fields: { StId: undefined } }),
      "Vul een waarde in bij 'Type dossieritem'.",
      "Enter a value for 'Dossier item type'.",
    ],
    [
      'an unknown dossier item type',
      subjectBody({ fields: { StId: 77 } }),
      "De ingevulde waarde bij 'Type dossieritem' bestaat niet.",
      "The entered value for 'Dossier item type' does not exist.",
    ],
    [
      'an attachment that is not base64',
      subjectBody({ attachments: [{ FileName: 'a.pdf', FileStream: 'not base64!' }] }),
      "General message: De bijlage 'a.pdf' bevat geen geldige Base64-gegevens.",
      "General message: Attachment 'a.pdf' does not contain valid Base64 data.",
    ],
    [
      'an attachment without a name',
      subjectBody({ attachments: [{ FileStream: PDF }] }),
      "Vul een waarde in bij 'Bestandsnaam'.",
      "Enter a value for 'File name'.",
    ],
    [
      'a purchase invoice that was not booked',
      subjectBody({ link: invoiceLink }),
      "De ingevulde waarde bij 'Inkoopfactuur' bestaat niet.",
      "The entered value for 'Purchase invoice' does not exist.",
    ],
    [
      // The demo's type 31 may only be linked to a purchase relation, as declaree-afas links it.
      'a link of the demo expense report type to an employee',
      subjectBody({ link: { SfTp: '2', SfId: '1000' } }),
      'Deze bestemming is niet geldig voor dit type dossieritem',
      'This destination is not valid for this type of dossier item',
    ],
    [
      'an unknown employee as destination',
      subjectBody({ fields: { StId: -5 }, link: { SfTp: '2', SfId: '9999' } }),
      "De ingevulde waarde bij 'Medewerker' bestaat niet.",
      "The entered value for 'Employee' does not exist.",
    ],
    [
      'an unknown destination type',
      subjectBody({ fields: { StId: -5 }, link: { SfTp: '5', SfId: '1' } }),
      "De waarde '5' is ongeldig voor 'Type bestemming'.",
      "The value '5' is not valid for 'Destination type'.",
    ],
  ])('refuses %s', async (_case, body, dutch, english) => {
    expect((await profitError(await post(body))).externalMessage).toBe(dutch);
    expect((await profitError(await post(body, 'en-us'))).externalMessage).toBe(english);
    expect(simulator.subjects).toEqual([]);
  });

  it('can skip the purchase-invoice check (it is UNSURE whether AFAS makes it)', async () => {
    const lenient = new AfasSimulator({ requirePurchaseInvoice: false });
    const response = (await lenient.handle(
      new Request(`${lenient.baseUrl}/connectors/KnSubject`, {
        method: 'POST',
        headers: { Authorization: afasTokenHeader(DEMO_TOKEN_DATA), 'Content-Type': 'application/json' },
        body: JSON.stringify(subjectBody({ link: invoiceLink })),
      }),
    )) as Response;
    expect(response.status).toBe(201);
  });
});

describe('changing dossier items', () => {
  async function created(): Promise<number> {
    const response = await post(subjectBody());
    const { results } = (await response.json()) as { results: { KnSubject: { SbId: string } } };
    return Number(results.KnSubject.SbId);
  }

  it('PUT with @SbId changes fields', async () => {
    const id = await created();
    const response = await call('/connectors/KnSubject', {
      method: 'PUT',
      json: { KnSubject: { Element: { '@SbId': String(id), Fields: { SbTx: 'Goedgekeurd', St: true } } } },
    });
    expect(response.status).toBe(201);
    expect(simulator.subjects[0]?.fields).toMatchObject({
      SbTx: 'Goedgekeurd',
      St: true,
      Ds: 'Declaratie DEC-2026-001',
    });
  });

  it('POST /connectors/KnSubject/KnSubjectAttachment adds an attachment', async () => {
    const id = await created();
    const response = await call('/connectors/KnSubject/KnSubjectAttachment', {
      method: 'POST',
      json: {
        KnSubject: {
          Element: {
            '@SbId': id,
            Objects: [
              { KnSubjectAttachment: { Element: { Fields: { FileName: 'bon.png', FileStream: PDF } } } },
            ],
          },
        },
      },
    });
    expect(response.status).toBe(201);
    expect(simulator.subjects[0]?.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([
      ['bon.png', 'image/png'],
    ]);
  });

  it.each([
    [
      'without @SbId',
      { KnSubject: { Element: { Fields: { SbTx: 'x' } } } },
      "Vul een waarde in bij 'Dossieritem'.",
    ],
    [
      'for an unknown item',
      { KnSubject: { Element: { '@SbId': 1, Fields: { SbTx: 'x' } } } },
      "De ingevulde waarde bij 'Dossieritem' bestaat niet.",
    ],
  ])('refuses a PUT %s', async (_case, body, message) => {
    expect(
      (await profitError(await call('/connectors/KnSubject', { method: 'PUT', json: body }))).externalMessage,
    ).toBe(message);
  });

  it('DELETE /connectors/KnSubject/KnSubject/@SbId/{id} removes the item', async () => {
    const id = await created();
    expect((await call(`/connectors/KnSubject/KnSubject/@SbId/${id}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    expect(simulator.subjects).toEqual([]);
    await profitError(await call(`/connectors/KnSubject/KnSubject/@SbId/${id}`, { method: 'DELETE' }));
  });
});

describe("AFAS's KnSubject examples (docs.afas.help OpenAPI, 'Dossiers en bijlagen en workflows')", () => {
  // Item types with the destinations AFAS's examples link them to; 31 (the demo's) allows only
  // purchase relations, so an employee link is a destination AFAS refuses.
  const seeded = new AfasSimulator({
    seed: {
      ...demoSeed,
      employees: [
        ...(demoSeed.employees ?? []),
        { id: '5000430', name: 'P. Boete' },
        { id: 'floora', name: 'Floor A.' },
      ],
      dossierTypes: [
        { id: DEMO_EXPENSE_REPORT_TYPE, description: 'Declaratierapport', destinations: [11] },
        { id: 96, description: 'Virtuele boete', destinations: [2] },
        { id: 4, description: 'Salariswijziging', destinations: [2] },
        { id: 26, description: 'Projectdossier' },
      ],
    },
  });
  const send = async (body: unknown, language = 'nl-nl') =>
    (await seeded.handle(
      new Request(`${seeded.baseUrl}/connectors/KnSubject`, {
        method: 'POST',
        headers: {
          Authorization: afasTokenHeader(DEMO_TOKEN_DATA),
          'Content-Type': 'application/json;charset=utf-8',
          'Accept-Language': language,
        },
        body: JSON.stringify(body),
      }),
    )) as Response;
  afterEach(() => seeded.reset());

  it("accepts an item type's own object (KnS51) with free fields, and keeps them", async () => {
    const response = await send({
      KnSubject: {
        Element: {
          Fields: { StId: 96, Ds: 'Toevoeging virtuele boete', Da: '2024-03-19T11:54:07' },
          Objects: [
            { KnSubjectLink: { Element: { Fields: { DoCRM: true, SfTp: 2, SfId: '5000430' } } } },
            {
              KnS51: {
                Element: {
                  Fields: {
                    U112E249248E7AF8B68A64BA5DF850577: '2024-03-01',
                    U39EA313D6A864408AA7B7D9DFA323D42: '11:00',
                  },
                },
              },
            },
          ],
        },
      },
    });
    expect(response.status).toBe(201);
    expect(seeded.subjects[0]?.customObjects).toEqual({
      KnS51: { U112E249248E7AF8B68A64BA5DF850577: '2024-03-01', U39EA313D6A864408AA7B7D9DFA323D42: '11:00' },
    });
  });

  it('accepts KnS04 in the object form of Objects, beside a project link', async () => {
    const response = await send({
      KnSubject: {
        Element: {
          Fields: {
            StId: '26',
            Ds: 'Subject attached to a project',
            Da: '2023-01-02T10:00:00',
            UsId: 'ALLARDJ',
          },
          Objects: {
            KnSubjectLink: { Element: { Fields: { PjId: '910004' } } },
            KnS04: { Element: { Fields: { UB65BF2BD4FE2FA363ACF74896D7EA6F0: 'Klant is tevreden' } } },
          },
        },
      },
    });
    expect(response.status).toBe(201);
  });

  it('refuses a custom object field that is no free field id', async () => {
    const response = await send({
      KnSubject: {
        Element: {
          Fields: { StId: 26, Ds: 'x' },
          Objects: [{ KnS04: { Element: { Fields: { Remark: 'x' } } } }],
        },
      },
    });
    expect((await profitError(response)).externalMessage).toBe(
      "General message: Veld 'Remark' bestaat niet in object 'KnS04'.",
    );
  });

  it('accepts the workflow id field ("Employee with Workflow Id")', async () => {
    const response = await send({
      KnSubject: {
        Element: {
          Fields: { StId: 4, Ds: 'salary changed', SbTx: 'Add a workflow id', id: 'worklfow id' },
          Objects: [{ KnSubjectLink: { Element: { Fields: { DoCRM: true, SfTp: 2, SfId: 'floora' } } } }],
        },
      },
    });
    expect(response.status).toBe(201);
    expect(seeded.subjects[0]?.fields['id']).toBe('worklfow id');
  });

  it.each([
    ['SfTp', { SfTp: 2, SfId: '1001' }],
    ['a To… flag', { ToEm: true, SfTp: 11, SfId: '30001' }],
  ])('refuses a destination (%s) the item type does not allow, as recorded by AFAS', async (_case, link) => {
    const body = {
      KnSubject: {
        Element: {
          Fields: { StId: DEMO_EXPENSE_REPORT_TYPE, Ds: 'Declaratie' },
          Objects: [{ KnSubjectLink: { Element: { Fields: link } } }],
        },
      },
    };
    // AFAS's workflow how-to shows this body: no "General message: " prefix, the general error number.
    expect(await profitError(await send(body))).toMatchObject({
      externalMessage: 'Deze bestemming is niet geldig voor dit type dossieritem',
      errorNumber: -2147180996,
    });
    expect(seeded.subjects).toEqual([]);
  });
});

describe('GET Profit_SubjectTypes', () => {
  it("lists the dossier item types a KnSubject's StId may name, in the row shape of AFAS's example", async () => {
    const answer = await (await call('/connectors/Profit_SubjectTypes?skip=0&take=20')).json();
    // AFAS's how-to on workflow actions shows a row of this connector; the keys are its keys, in order.
    const keys = [
      'SubjectTypeId',
      'Description',
      'Comment',
      'SubjectText',
      'Responsible',
      'StartDate',
      'EndDate',
      'Completed',
      'DateCompleted',
      'ResponsibleMandatory',
      'UseFeatures',
      'OnlyExistingFeatures',
      'WithoutFeature',
      'Confedential',
      'LinkFile',
      'EditMode',
      'VisibleOutsite',
      'VisibleInsite',
      'UseNumber',
      'LastNumber',
    ];
    expect(answer.rows.map((row: object) => Object.keys(row))).toEqual(
      demoSeed.dossierTypes?.map(() => keys),
    );
    expect(answer.rows.map((row: { SubjectTypeId: number }) => row.SubjectTypeId)).toEqual(
      demoSeed.dossierTypes?.map((t) => t.id),
    );
    expect(answer.rows[0]).toMatchObject({
      Description: 'Declaratierapport',
      LinkFile: false,
      EditMode: 'N',
    });
  });
});
