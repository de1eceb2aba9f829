import type { Alert } from './alert-rules.ts';
import { redactText } from './secret-redaction.ts';

/** A Slack incoming-webhook body (Block Kit); other Slack-compatible receivers read `text`. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: { readonly type: 'plain_text'; readonly text: string } }
  | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } };

// Slack's limits: header text 150 characters, section text 3,000, 50 blocks a message.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const MAX_ALERT_BLOCKS = 45;

const ICON: Record<Alert['severity'], string> = { error: ':red_circle:', warning: ':warning:' };

/** One message for all of a run's alerts: a header, then one mrkdwn section per alert. Every string is redacted. */
export function slackMessage(heading: string, alerts: readonly Alert[]): SlackMessage {
  const header = clip(redactText(heading), HEADER_MAX);
  const sections = alerts.slice(0, MAX_ALERT_BLOCKS).map((alert): SlackBlock => ({
    type: 'section',
    text: { type: 'mrkdwn', text: clip(redactText(`${ICON[alert.severity]} *${alert.title}*\n${alert.detail}`), SECTION_MAX) },
  }));
  const text = clip(redactText(`${heading}: ${alerts.map((a) => a.title).join('; ')}`), SECTION_MAX);
  return { text, blocks: [{ type: 'header', text: { type: 'plain_text', text: header } }, ...sections] };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
