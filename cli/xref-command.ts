import type { Command } from 'commander';
import type { XrefDecision } from '../warehouse/meta-schema.ts';
import { positiveInt } from './cli-options.ts';
import { assertBuilt } from './xref-built-tables.ts';
import { assertDistinct, recordDecision } from './xref-decision.ts';
import { formatRecordedDecision } from './xref-decision-format.ts';
import { parseRecordArg } from './xref-record-arg.ts';
import { formatReviewQueue, reviewQueueJson } from './xref-review-format.ts';
import { readReviewQueue } from './xref-review-queue.ts';
import { withWarehouseSession } from './warehouse-session.ts';

interface ReviewOptions {
  config: string;
  limit: number;
  json?: boolean;
}

interface DecideOptions {
  config: string;
  note?: string;
  by?: string;
}

/** `closeloop xref review | confirm | reject`: the human loop for uncertain customer matches. */
export function registerXrefCommands(program: Command): void {
  const xref = program
    .command('xref')
    .description('Review uncertain customer matches; confirm or reject pairs (decisions win over scores from the next build on).');
  xref
    .command('review')
    .description('Show the pairs waiting for a decision, highest match weight first, with both records side by side.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--limit <n>', 'show at most this many pairs', positiveInt, 20)
    .option('--json', 'print the pairs as a JSON array')
    .action(async (opts: ReviewOptions) => {
      process.exitCode = await reviewCommand(opts);
    });
  for (const decision of ['confirm', 'reject'] as const) {
    xref
      .command(`${decision} <record> <other-record>`)
      .description(decision === 'confirm'
        ? 'Record that two customer records are the same customer (records written system:id, e.g. salesforce:001… netsuite:1043).'
        : 'Record that two customer records are different customers (records written system:id).')
      .option('--note <text>', 'why, for whoever looks at this later')
      .option('--by <name>', 'who decides (default: $USER)')
      .option('--config <file>', 'pipeline config file', 'closeloop.json')
      .action(async (first: string, second: string, opts: DecideOptions) => {
        process.exitCode = await decideCommand(decision, [first, second], opts);
      });
  }
}

async function reviewCommand(opts: ReviewOptions): Promise<number> {
  return withWarehouseSession(opts.config, async (session) => {
    await assertBuilt(session.warehouse.db, ['int.match_pairs', 'int.customer_records'], session.warehousePath);
    const queue = await readReviewQueue(session.warehouse.db, opts.limit);
    if (opts.json) console.log(JSON.stringify(reviewQueueJson(queue, opts.config), null, 2));
    else for (const line of formatReviewQueue(queue, opts.config)) console.log(line);
    return 0;
  });
}

async function decideCommand(decision: XrefDecision, args: [string, string], opts: DecideOptions): Promise<number> {
  const records = [parseRecordArg(args[0]), parseRecordArg(args[1])] as const;
  assertDistinct(...records);
  return withWarehouseSession(opts.config, async (session) => {
    await assertBuilt(session.warehouse.db, ['int.customer_records'], session.warehousePath);
    const recorded = await recordDecision(session.warehouse.db, { decision, records, decidedBy: decider(opts.by), note: nonEmpty(opts.note) });
    for (const line of formatRecordedDecision(recorded, opts.config)) console.log(line);
    return 0;
  });
}

/** --by, else the login name from the environment, else 'unknown'. */
function decider(by: string | undefined): string {
  return nonEmpty(by) ?? nonEmpty(process.env.USER) ?? nonEmpty(process.env.LOGNAME) ?? 'unknown';
}

function nonEmpty(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}
