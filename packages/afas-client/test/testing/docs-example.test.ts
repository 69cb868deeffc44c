// The main example of docs/testing.md, run as a test. Keep the two identical.
import { AfasSimulator, afasTokenHeader, DEMO_TOKEN_DATA } from 'afas-client/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const simulator = new AfasSimulator(); // the demo environment 12345, "Demo B.V."
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const headers = {
  Authorization: afasTokenHeader(DEMO_TOKEN_DATA),
  'Content-Type': 'application/json',
};

const expenseReport = {
  FiEntryPar: {
    Element: {
      Fields: { Year: 2026, Peri: 3, UnId: 1, JoCo: '70' },
      Objects: [
        {
          FiEntries: {
            Element: [
              {
                Fields: {
                  VaAs: '3',
                  AcNr: '30001',
                  EnDa: '2026-03-15',
                  BpDa: '2026-03-15',
                  InId: 'DEC-0042',
                  AmCr: 121,
                },
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '4100',
                  EnDa: '2026-03-15',
                  BpDa: '2026-03-15',
                  InId: 'DEC-0042',
                  AmDe: 100,
                  VaId: '1',
                },
                Objects: [{ FiDimEntries: { Element: { Fields: { DiC1: 'KP100' } } } }],
              },
              {
                Fields: {
                  VaAs: '1',
                  AcNr: '1510',
                  EnDa: '2026-03-15',
                  BpDa: '2026-03-15',
                  InId: 'DEC-0042',
                  AmDe: 21,
                },
              },
            ],
          },
        },
      ],
    },
  },
};

it('books an expense report once, and refuses it the second time', async () => {
  const url = `${simulator.baseUrl}/connectors/FiEntries`;
  const first = await fetch(url, { method: 'POST', headers, body: JSON.stringify(expenseReport) });
  expect(first.status).toBe(201);
  expect(await first.json()).toEqual({ results: { FiEntryPar: { UnId: '1', EnNo: '70001' } } });
  expect(simulator.entries[0]?.lines).toHaveLength(3);

  const again = await fetch(url, { method: 'POST', headers, body: JSON.stringify(expenseReport) });
  expect(again.status).toBe(500);
  expect(await again.json()).toMatchObject({
    externalMessage:
      "General message: Factuurnummer 'DEC-0042' wordt al gebruikt in financieel bij Crediteur 30001",
  });
});

it('survives a lost answer: the write happened, the client saw a network error', async () => {
  simulator.inject({ connector: 'FiEntries', fault: 'drop-after-write' });
  const url = `${simulator.baseUrl}/connectors/FiEntries`;
  await expect(
    fetch(url, { method: 'POST', headers, body: JSON.stringify(expenseReport) }),
  ).rejects.toThrow();
  expect(simulator.entries).toHaveLength(1); // so look it up before booking again
});
