/** A dataset file that cannot be loaded: names the file, the line and the field so the user can fix it. */
export class DatasetError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string | undefined;

  constructor(file: string, line: number, field: string | undefined, problem: string) {
    super(`${file} line ${line}${field ? `, field "${field}"` : ''}: ${problem}`);
    this.name = 'DatasetError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}
