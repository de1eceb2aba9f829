/**
 * The org's opportunity stages: IsClosed and IsWon are read-only and follow the stage (the standard
 * OpportunityStage metadata: `Closed Won` is closed and won, `Closed Lost` closed and lost).
 */
const CLOSED_WON = ['Closed Won'];
const CLOSED_LOST = ['Closed Lost'];

export function stageFlags(stage: string | null): { IsClosed: boolean; IsWon: boolean } {
  const won = stage !== null && CLOSED_WON.includes(stage);
  return { IsClosed: won || (stage !== null && CLOSED_LOST.includes(stage)), IsWon: won };
}

export function stageFlagsSql(column: string): { isClosed: string; isWon: string } {
  const list = (stages: string[]): string => stages.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
  return {
    isClosed: `(${column} IN (${list([...CLOSED_WON, ...CLOSED_LOST])}))`,
    isWon: `(${column} IN (${list(CLOSED_WON)}))`,
  };
}
