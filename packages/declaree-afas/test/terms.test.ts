/**
 * One term per concept (issue #15): what a bookkeeper reads — the explanations and problems in
 * English and Dutch, the CLI's output, the docs for the people who run exports — names each concept
 * with the one term docs/glossary.md gives, never with a synonym. AFAS's own texts are exempt: the
 * patterns that recognise them (regular expressions) and the quotes of them in the docs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainAfasMessage } from '../src/index.js';
import { inDutch } from '../src/internal/explain-nl.js';

/** The synonyms not used, by the term that is. */
const AVOIDED: readonly { readonly term: string; readonly synonyms: RegExp }[] = [
  {
    term: 'allocation code (code verbijzondering)',
    synonyms: /cost cent(?:re|er)|kostenplaats|verbijzonderingscode/i,
  },
  { term: 'ledger account (grootboekrekening)', synonyms: /\bG\/?L\b|general[- ]ledger account/i },
  { term: 'creditor (crediteur)', synonyms: /\bsupplier|\bvendor/i },
  { term: 'dossier item (dossieritem)', synonyms: /\battachment/i },
  { term: 'free fields (vrije velden)', synonyms: /custom fields?\b/i },
  { term: 'VAT code (btw-code)', synonyms: /\b[Tt]ax code|\bBTW code/ },
];

const SRC = join(import.meta.dirname, '../src');
const DOCS = join(import.meta.dirname, '../../../docs');
/** The pages written for the people who run exports (the glossary lists the synonyms on purpose). */
const PAGES = ['bookkeeping-guide.md', 'troubleshooting.md', 'declaree-afas.md', 'reliability.md'];

/** Modules whose texts reach a bookkeeper: everything but the demo's fixtures and the ledger's SQL. */
async function userFacingModules(): Promise<string[]> {
  const files = (await readdir(SRC, { recursive: true })) as string[];
  return files.filter((file) => file.endsWith('.ts') && !file.startsWith('demo/'));
}

/** A source line as text a user may read: not a comment, not a pattern for AFAS's own texts. */
function readableSource(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  if (trimmed.startsWith('/') || trimmed.includes('RegExp(')) return ''; // a regular expression
  // Identifiers and AFAS's ids are code, not words: KnSubjectAttachment, attachments[].
  return line.replace(/[A-Za-z]+Attachment\w*|\.attachments\b|attachments:/g, '');
}

/** A doc line without AFAS's quoted texts and code spans (connector and field ids). */
function readableDoc(line: string): string {
  return line.replace(/"[^"]*"/g, '').replace(/`[^`]*`/g, '');
}

function findSynonyms(text: string, where: string): string[] {
  return AVOIDED.flatMap(({ term, synonyms }) => {
    const found = synonyms.exec(text);
    return found ? [`${where}: "${found[0]}" (say ${term})`] : [];
  });
}

describe('one term per concept', () => {
  it('the texts of declaree-afas use the glossary terms, in English and Dutch', async () => {
    const found: string[] = [];
    for (const file of await userFacingModules()) {
      const lines = (await readFile(join(SRC, file), 'utf8')).split('\n');
      for (const [i, line] of lines.entries())
        found.push(...findSynonyms(readableSource(line), `src/${file}:${i + 1}`));
    }
    expect(found).toEqual([]);
  });

  it('the pages for the people who run exports use them too', async () => {
    const found: string[] = [];
    for (const page of PAGES) {
      const lines = (await readFile(join(DOCS, page), 'utf8')).split('\n');
      for (const [i, line] of lines.entries())
        found.push(...findSynonyms(readableDoc(line), `docs/${page}:${i + 1}`));
    }
    expect(found).toEqual([]);
  });

  it("AFAS's allocation texts, in English or Dutch, are explained with one term for each thing", () => {
    const texts = [
      "Voor code verbijzondering 'KP300' is geen toewijzing bij rekening '4500' of de toewijzing is geblokkeerd.",
      "There is no assignment for cost center 'KP300' with account '4500'",
      "Allocation code for axis 'Cost center' must be filled for account 4000",
    ];
    for (const text of texts) {
      for (const language of ['en', 'nl'] as const) {
        const english = explainAfasMessage(text);
        const { title, explanation, fix } = language === 'nl' ? inDutch(english) : english;
        const shown = [title, explanation, fix].join('\n').replaceAll("'Cost center'", ''); // the axis AFAS names
        expect(findSynonyms(shown, `${language}: ${text}`)).toEqual([]);
        expect(shown).toMatch(language === 'en' ? /allocation code/ : /code verbijzondering/);
      }
    }
  });
});
