/**
 * `{placeholder}` templates for descriptions, the dossier subject, the file name and free fields.
 * Unknown placeholders are refused when the settings are read, so a typo never reaches AFAS.
 */

/** Placeholders that describe the whole report; usable in every template. */
export const REPORT_PLACEHOLDERS = [
  'report.id',
  'report.number',
  'report.title',
  'report.submittedAt',
  'report.approvedAt',
  'invoice.number',
  'user.name',
  'user.email',
  'user.code',
  'user.code2',
] as const;

/** Placeholders of one expense; usable in `lineDescription` and free fields only. */
export const EXPENSE_PLACEHOLDERS = [
  'expense.id',
  'expense.date',
  'expense.description',
  'expense.merchant',
  'category.name',
  'category.code',
  'project.name',
  'project.code',
] as const;

/** A report-level placeholder name (without braces). */
export type ReportPlaceholder = (typeof REPORT_PLACEHOLDERS)[number];
/** An expense-level placeholder name (without braces). */
export type ExpensePlaceholder = (typeof EXPENSE_PLACEHOLDERS)[number];
/** Any placeholder name. */
export type Placeholder = ReportPlaceholder | ExpensePlaceholder;

/** Values for the placeholders; a missing value renders as nothing. */
export type TemplateValues = Partial<Record<Placeholder, string | undefined>>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN: ReadonlySet<string> = new Set<string>([...REPORT_PLACEHOLDERS, ...EXPENSE_PLACEHOLDERS]);
const EXPENSE: ReadonlySet<string> = new Set<string>(EXPENSE_PLACEHOLDERS);

/** The placeholder names used in a template, in order of appearance. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** True when the name is a known placeholder. */
export function isPlaceholder(name: string): name is Placeholder {
  return KNOWN.has(name);
}

/** True when the name is a placeholder of one expense. */
export function isExpensePlaceholder(name: string): name is ExpensePlaceholder {
  return EXPENSE.has(name);
}

/** True when the template uses a placeholder of one expense (so it only fits an expense line). */
export function usesExpensePlaceholders(template: string): boolean {
  return placeholdersIn(template).some((name) => EXPENSE.has(name));
}

/**
 * Fills a template. Empty values leave no litter: whitespace is collapsed, empty brackets and
 * separators at either end are dropped (`'{category.name}: {expense.description}'` with no
 * description gives `'Travel'`, not `'Travel: '`). The result is cut at `maxLength`.
 */
export function renderTemplate(template: string, values: TemplateValues, maxLength: number): string {
  const filled = template.replace(PLACEHOLDER, (_, name: string) =>
    isPlaceholder(name) ? (values[name] ?? '').trim() : '',
  );
  const tidy = filled
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;,|–—-]+|[\s:;,|–—-]+$/g, '')
    .trim();
  return tidy.length > maxLength ? tidy.slice(0, maxLength).trimEnd() : tidy;
}
