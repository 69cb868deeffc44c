import { describe, expect, it } from 'vitest';
import { AfasSimulator, DEMO_EXPENSE_REPORT_TYPE } from '../../src/testing/index.js';
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
      'an unknown employee as destination',
      subjectBody({ link: { SfTp: '2', SfId: '9999' } }),
      "De ingevulde waarde bij 'Medewerker' bestaat niet.",
      "The entered value for 'Employee' does not exist.",
    ],
    [
      'an unknown destination type',
      subjectBody({ link: { SfTp: '5', SfId: '1' } }),
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
    const { afasTokenHeader, DEMO_TOKEN_DATA } = await import('../../src/testing/index.js');
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
