#!/usr/bin/env node
import { Command } from 'commander';
import { redactError } from '../ops/secret-redaction.ts';
import { registerSandboxCommands } from './sandbox-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerExtractCommand } from './extract-command.ts';
import { registerRunCommand } from './run-command.ts';
import { registerBuildCommand } from './build-command.ts';
import { registerXrefCommands } from './xref-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerReverseCommand } from './reverse-command.ts';
import { registerSqlCommand } from './sql-command.ts';
import { registerStatusCommand } from './status-command.ts';
import { registerScheduleCommand } from './schedule-command.ts';

const program = new Command()
  .name('closeloop')
  .description('Closes the loop between your CRM (Salesforce, HubSpot) and your ERP (NetSuite) through a DuckDB warehouse.')
  .showHelpAfterError();

registerDemoCommand(program);
registerSandboxCommands(program);
registerRunCommand(program);
registerExtractCommand(program);
registerBuildCommand(program);
registerXrefCommands(program);
registerReportCommand(program);
registerReverseCommand(program);
registerSqlCommand(program);
registerStatusCommand(program);
registerScheduleCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`closeloop: ${redactError(error)}`);
  process.exitCode = 1;
});
