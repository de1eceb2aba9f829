import { recordText } from './xref-record-arg.ts';
import type { RecordedDecision } from './xref-decision.ts';
import { applyCommand } from './xref-review-format.ts';

/** What `closeloop xref confirm|reject` prints after recording a decision. */
export function formatRecordedDecision(recorded: RecordedDecision, config: string): string[] {
  const note = recorded.note === null ? '' : `, note "${recorded.note}"`;
  const lines = [`Recorded: ${recorded.decision} ${recordText(recorded.left)} ⇄ ${recordText(recorded.right)} (by ${recorded.decidedBy}${note}).`];
  lines.push(scoreLine(recorded));
  if (recorded.earlier !== null) {
    const { decision, decidedBy, decidedAt } = recorded.earlier;
    lines.push(`It replaces the earlier decision: ${decision} by ${decidedBy} at ${decidedAt.toISOString()}.`);
  }
  lines.push(`It applies from the next build: ${applyCommand(config)}`);
  return lines;
}

function scoreLine({ decision, scored }: RecordedDecision): string {
  if (scored === null) {
    const effect = decision === 'confirm' ? 'the next build links the two records anyway' : 'the next build keeps them apart whatever it scores';
    return `This pair is not a candidate the matcher scored; the decision still holds: ${effect}.`;
  }
  return `The matcher scored it weight ${scored.matchWeight.toFixed(2)}, probability ${scored.matchProbability.toFixed(3)} (status ${scored.status}).`;
}
