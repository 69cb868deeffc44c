/**
 * The report file format for people who write or check report files: `report.schema.json` (built
 * from the zod schema the exporter validates with, shipped with the package) and a complete sample,
 * `report.sample.json`, which the exporter accepts as it is.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEMO_TOKEN_DATA } from 'afas-client/testing';
import { describe, expect, it } from 'vitest';
import { demoSettings } from '../src/demo/samples.js';
import { ExportSettingsSchema, validateReport } from '../src/index.js';
import { readReportFile } from '../src/source/report-file.js';
import { reportFileJsonSchema } from '../src/source/report-file-schema.js';

const PACKAGE = join(import.meta.dirname, '..');
const SAMPLE = join(PACKAGE, 'report.sample.json');

type Schema = { properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[] };

/** The object schema inside `schema` (through `anyOf` for nullable objects). */
const objectOf = (schema: Schema | undefined): Schema | undefined =>
  schema?.properties ? schema : schema?.anyOf?.map(objectOf).find((s) => s !== undefined);

/** Every key of `value` is a property of `schema`, and every required property is given: recursively. */
function expectDescribed(value: unknown, schema: Schema | undefined, at: string): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) expectDescribed(item, schema?.items, `${at}[${i}]`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = objectOf(schema);
  expect(object, `${at} is an object in the schema`).toBeDefined();
  for (const [key, child] of Object.entries(value)) {
    expect(Object.keys(object?.properties ?? {}), `${at}.${key} is in the schema`).toContain(key);
    expectDescribed(child, object?.properties?.[key], `${at}.${key}`);
  }
  for (const key of object?.required ?? [])
    expect(value, `${at} has the required ${key}`).toHaveProperty(key);
}

describe('the report file format', () => {
  it('the sample is a report the exporter accepts as it is', async () => {
    const { report } = await readReportFile(SAMPLE);
    const settings = ExportSettingsSchema.parse(
      demoSettings({ baseUrl: 'http://127.0.0.1:1/ProfitRestServices', token: DEMO_TOKEN_DATA }),
    );
    const result = validateReport(report, settings);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('the JSON Schema describes every field of the sample and the sample has every required one', async () => {
    const sample = JSON.parse(await readFile(SAMPLE, 'utf8'));
    const schema = reportFileJsonSchema() as Schema;
    expect(schema.required).toEqual(
      expect.arrayContaining(['id', 'number', 'status', 'currency', 'user', 'expenses']),
    );
    expectDescribed(sample, schema, 'report');
    // An expense without VAT is part of the sample: the format allows it.
    expect(sample.expenses.some((e: { vat?: unknown[] }) => !e.vat || e.vat.length === 0)).toBe(true);
  });

  it('is shipped as declaree-afas/report.schema.json, as built from the zod schema', async () => {
    const file = createRequire(import.meta.url).resolve('declaree-afas/report.schema.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(reportFileJsonSchema());
    const manifest = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8'));
    expect(manifest.files).toEqual(expect.arrayContaining(['report.schema.json', 'report.sample.json']));
    expect(manifest.publishConfig.exports['./report.schema.json']).toBe('./report.schema.json');
  });
});
