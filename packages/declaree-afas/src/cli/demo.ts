import { paintFor } from 'afas-client/cli-kit';
import { DEMO_TOKEN_DATA, startAfasSimulator } from 'afas-client/testing';
import { demoReports, demoSettings } from '../demo/samples.js';
import { DeclareeExporter } from '../exporter.js';
import { formatChecklist, formatPreflight, formatResults } from './format.js';
import { formatHoldings, readHoldings } from './holdings.js';
import { type CliIo, EXIT } from './io.js';

/**
 * The main job on its embedded default: a simulated AFAS (the demo environment of
 * `afas-client/testing`) on a loopback port, the bundled sample reports exported into it (one with a
 * typical mapping mistake, one exported twice), and what was booked and what went wrong.
 */
export async function runDemo(io: CliIo): Promise<number> {
  const started = performance.now();
  const server = await startAfasSimulator({ port: 0 });
  try {
    const out = (text: string) => io.stdout.write(`${text}\n`);
    const paint = paintFor(io.stdout, io.env);
    const exporter = new DeclareeExporter({
      settings: demoSettings({ baseUrl: server.url, token: DEMO_TOKEN_DATA }),
    });
    const reports = demoReports();
    out('declaree-afas demo: sample Declaree expense reports into a simulated AFAS Profit');
    out(
      `AFAS simulator: ${server.url} (environment 12345, administration 1 "Demo B.V.", journal 70 Inkoop)\n`,
    );

    out('1. Connection check');
    io.stdout.write(formatChecklist(await exporter.checkConnection(), paint));

    out('\n2. Checking the reports against AFAS before sending (preflight)');
    for (const report of reports)
      out(formatPreflight(`${report.number} ${report.title ?? ''}`.trim(), await exporter.preflight(report)));

    out(`\n3. Exporting all ${reports.length}: the preflight keeps R-2026-0003 back, nothing of it is sent`);
    const results = await exporter.exportReports(reports, { concurrency: 3 });
    io.stdout.write(formatResults(results, paint));

    out('\n4. Exporting R-2026-0003 with --no-preflight, to show how AFAS refuses it and what that means');
    const unchecked = new DeclareeExporter({ settings: exporter.settings, preflight: false });
    io.stdout.write(formatResults([await unchecked.exportReport(reports[2])], paint));

    out('\n5. Exporting R-2026-0001 a second time');
    io.stdout.write(formatResults([await exporter.exportReport(reports[0])], paint));

    // Read back from AFAS as a real export shows it, then the dossier items and free fields.
    const held = await readHoldings(exporter.client, exporter.settings.administration, results);
    io.stdout.write(`\n6. ${formatHoldings(results, held, exporter.settings.currency)}`);
    const { simulator } = server;
    for (const item of simulator.subjects) {
      const files = item.attachments
        .map((a) => `${a.fileName} (${Buffer.from(a.data, 'base64').length} bytes)`)
        .join(', ');
      out(
        `  Dossier item ${item.id} "${item.subject}" (type ${item.typeId}) holding ${files}, linked to invoice ${item.links[0]?.['PiId'] ?? '?'}`,
      );
    }
    out(`  Free fields (vrije velden) set on ${simulator.customFields.length} entry lines.`);
    out(
      `\nDone in ${Math.round(performance.now() - started)} ms. Run it against your own AFAS with: declaree-afas export <report.json> --settings settings.json`,
    );
    return EXIT.ok;
  } finally {
    await server.close();
  }
}
