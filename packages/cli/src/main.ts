import 'reflect-metadata';
import { AgentStudioError } from '@agent-studio/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { depsApproveCommand } from './deps/depsApproveCommand.js';
import { approvalsDecideCommand, approvalsListCommand, approvalsShowCommand } from './approvals/approvalsCommands.js';
import { costReportCommand } from './cost/costReportCommand.js';
import { depsCheckCommand } from './deps/depsCheckCommand.js';
import { depsSuggestCommand } from './deps/depsSuggestCommand.js';
import { evalPiiCommand } from './eval/evalPiiCommand.js';
import { evalPromptSafetyCommand } from './eval/evalPromptSafetyCommand.js';
import { actionsCatalogCommand, actionsLintCommand } from './actions/actionsCommands.js';
import { runCommand } from './runCommand.js';
import { serveCommand } from './serve/serveCommand.js';
import { tokenCommand } from './serve/tokenCommand.js';
import { workerCommand } from './serve/workerCommand.js';
import { mcpServeCommand } from './mcp/mcpServeCommand.js';
import { traceExportCommand, traceListCommand, traceShowCommand } from './trace/traceCommands.js';

/**
 * A stream the command writes to.
 * @category CLI
 */
export interface OutputStream {
  /**
   * Writes text.
   * @param text - the text
   */
  write(text: string): unknown;
  /** Whether it is a terminal (colours are used only then). */
  readonly isTTY?: boolean;
}

/**
 * Where the command writes.
 * @category CLI
 */
export interface CliIo {
  /** Standard output. */
  readonly stdout: OutputStream;
  /** Standard error. */
  readonly stderr: OutputStream;
  /** The environment. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The `agent-studio` command. Errors print one line (`error CODE: message`) and a non-zero exit
 * code; the stack only with `--debug`.
 *
 * @param argv - `process.argv`
 * @param io - output streams and environment
 * @returns the exit code
 * @example
 * ```ts
 * process.exitCode = await main(process.argv);
 * ```
 * @category CLI
 */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let exitCode = 0;
  let debug = argv.includes('--debug');
  const program = new Command('agent-studio')
    .description('Agent Studio: run agents whose every model and tool call goes through enforcement plugins.')
    .version('0.1.0')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('run')
    .description('run an agent on one message and print its timeline')
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('-m, --message <text>', 'the user message (default: the agent file\'s sample message)')
    .addOption(new Option('--model <kind>', 'scripted: the agent file\'s script, no network; openai: OPENAI_BASE_URL / OPENAI_API_KEY').choices(['scripted', 'openai']).default('scripted'))
    .option('--json', 'print one JSON document instead of the timeline', false)
    .option('--user <id>', 'user id to run as', 'local-user')
    .option('--tenant <id>', 'tenant id', 'local')
    .option('--var <name=value>', 'a request variable the agent accepts (repeatable)', collectVariable, {})
    .option('--no-color', 'no colours')
    .action(async (file: string, opts: { message?: string; model: 'scripted' | 'openai'; json: boolean; user: string; tenant: string; color: boolean; var: Record<string, string> }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await runCommand(
        file,
        {
          ...(opts.message === undefined ? {} : { message: opts.message }),
          model: opts.model,
          json: opts.json,
          user: opts.user,
          tenant: opts.tenant,
          color: opts.color && io.stdout.isTTY === true && io.env.NO_COLOR === undefined,
          ...(Object.keys(opts.var).length === 0 ? {} : { variables: opts.var }),
        },
        io.env,
      );
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });

  const actions = program.command('actions').description('the classification catalog of an app\'s actions, and the registration rules (SPEC §12)');
  actions
    .command('catalog')
    .description('classify every action of an agent file: audience, public/private, non-public data, effect, confirmation, and each input (user input, PII, kind)')
    .argument('<agent-file>', 'compiled agent file')
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (file: string, opts: { format: 'md' | 'json'; out?: string }) => {
      const out = await actionsCatalogCommand(file, { format: opts.format, ...(opts.out ? { out: opts.out } : {}) });
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });
  actions
    .command('lint')
    .description('run the registration rules on every action of an agent file; one line per problem, non-zero exit when there is any')
    .argument('<agent-file>', 'compiled agent file')
    .action(async (file: string) => {
      const out = await actionsLintCommand(file);
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });

  program
    .command('serve')
    .description('start the HTTP gateway in front of the agents (edge auth, per-tenant limits, sessions, health); Ctrl-C stops it')
    .option('--config <file>', 'a JSON serve config (agents, gateway limits, edge JWKS, role grants); default: the examples on the scripted model')
    .option('--port <n>', 'port (overrides the config; 0 picks a free one)', parsePort)
    .option('--host <host>', 'host (overrides the config)')
    .action(async (opts: { config?: string; port?: number; host?: string }) => {
      const handle = await serveCommand({ ...(opts.config ? { config: opts.config } : {}), ...(opts.port === undefined ? {} : { port: opts.port }), ...(opts.host ? { host: opts.host } : {}) }, io.env);
      io.stdout.write(`${handle.banner}\n`);
      await untilSignal();
      await handle.close();
    });

  program
    .command('worker')
    .description('run BullMQ workers that resume approved runs as their original user (needs REDIS_URL); Ctrl-C stops it')
    .option('--config <file>', 'the same serve config as the gateways')
    .option('--concurrency <n>', 'jobs at once', parsePort)
    .action(async (opts: { config?: string; concurrency?: number }) => {
      const handle = await workerCommand({ ...(opts.config ? { config: opts.config } : {}), ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) }, io.env);
      io.stdout.write(`${handle.banner}\n`);
      await untilSignal();
      await handle.close();
    });

  program
    .command('token')
    .description('print a development edge credential (JWT) for a gateway started without an edge config')
    .requiredOption('--user <id>', 'user id (the sub claim)')
    .requiredOption('--tenant <id>', 'tenant id (the tid claim)')
    .option('--role <name>', 'a role (repeatable; default user)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--ttl <seconds>', 'lifetime (default 3600, at most 86400)', parsePort)
    .action(async (opts: { user: string; tenant: string; role: string[]; ttl?: number }) => {
      const token = await tokenCommand({ user: opts.user, tenant: opts.tenant, roles: opts.role.length > 0 ? opts.role : ['user'], ...(opts.ttl ? { ttlSeconds: opts.ttl } : {}) }, io.env);
      io.stdout.write(`${token}\n`);
    });

  program
    .command('mcp')
    .description('the Model Context Protocol (@agent-studio/mcp)')
    .command('serve')
    .description("serve an agent's actions as MCP tools, every call through the whole plugin pipeline: stdio (as --user in --tenant) or Streamable HTTP with --http (Bearer JWT against the development JWKS)")
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('--http', 'serve Streamable HTTP instead of stdio', false)
    .option('--port <n>', 'HTTP port (default: a free one)', parsePort)
    .option('--host <host>', 'HTTP host', '127.0.0.1')
    .option('--user <id>', 'stdio: the user every call runs as', 'local-user')
    .option('--tenant <id>', 'stdio: the tenant', 'local')
    .option('--role <name>', 'stdio: a role of the user (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (file: string, opts: { http: boolean; port?: number; host: string; user: string; tenant: string; role: string[] }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const handle = await mcpServeCommand(
        file,
        { http: opts.http, host: opts.host, user: opts.user, tenant: opts.tenant, roles: opts.role, ...(opts.port === undefined ? {} : { port: opts.port }) },
        io.env,
      );
      // over stdio, standard output carries the protocol and nothing else
      (handle.stdio ? io.stderr : io.stdout).write(`${handle.banner}\n`);
      await Promise.race([untilSignal(), handle.closed]);
      await handle.close();
    });

  const approvals = program.command('approvals').description('list, show, approve and reject pending actions in the configured store (plugin-approvals)');
  approvals
    .command('list')
    .description('list a tenant\'s pending actions, oldest first')
    .option('--tenant <id>', 'tenant id', 'local')
    .option('--status <status>', 'only this status (awaiting, approved, rejected, expired, executing, done, failed)')
    .option('--json', 'print JSON', false)
    .action(async (opts: { tenant: string; status?: string; json: boolean }) => {
      const out = await approvalsListCommand({ tenant: opts.tenant, json: opts.json, ...(opts.status === undefined ? {} : { status: opts.status }) }, io.env);
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });
  approvals
    .command('show')
    .description('show one pending action with its stored arguments and result')
    .argument('<id>', 'the pending action id')
    .option('--tenant <id>', 'tenant id', 'local')
    .option('--json', 'print JSON', false)
    .action(async (id: string, opts: { tenant: string; json: boolean }) => {
      const out = await approvalsShowCommand(id, { tenant: opts.tenant, json: opts.json }, io.env);
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });
  for (const decision of ['approve', 'reject'] as const) {
    approvals
      .command(decision)
      .description(
        decision === 'approve'
          ? 'approve a pending action as an approver; when the run has no other open decision it resumes as the user who asked and the action runs once'
          : 'reject a pending action; the model is told (or the run is cancelled if the agent says so)',
      )
      .argument('<id>', 'the pending action id')
      .requiredOption('--app <agent-file>', 'the agent file the run belongs to')
      .requiredOption('--as <user>', 'the approver\'s user id (the local access authority mints their token)')
      .option('--tenant <id>', 'tenant id', 'local')
      .option('--comment <text>', decision === 'approve' ? 'a comment' : 'the reason, fed to the model')
      .addOption(new Option('--model <kind>', 'model for the resumed run').choices(['scripted', 'openai']).default('scripted'))
      .option('--json', 'print JSON', false)
      .option('--no-color', 'no colours')
      .action(async (id: string, opts: { app: string; as: string; tenant: string; comment?: string; model: 'scripted' | 'openai'; json: boolean; color: boolean }) => {
        debug = debug || program.opts<{ debug?: boolean }>().debug === true;
        const out = await approvalsDecideCommand(
          decision,
          id,
          {
            app: opts.app,
            as: opts.as,
            tenant: opts.tenant,
            model: opts.model,
            json: opts.json,
            color: opts.color && io.stdout.isTTY === true && io.env.NO_COLOR === undefined,
            ...(opts.comment === undefined ? {} : { comment: opts.comment }),
          },
          io.env,
        );
        io.stdout.write(out.stdout);
        exitCode = out.exitCode;
      });
  }

  program
    .command('cost')
    .description('cost accounting (plugin-cost-accounting)')
    .command('report')
    .description('sum the cost ledger of the configured store, grouped by tenant, agent, model, day or run (R-COST-4)')
    .addOption(new Option('--by <dimension>', 'what to group by').choices(['tenant', 'agent', 'model', 'day', 'run']).default('tenant'))
    .option('--tenant <id>', 'only this tenant')
    .option('--agent <name>', 'only this agent')
    .option('--from <day>', 'only from this UTC day (YYYY-MM-DD)')
    .option('--to <day>', 'only up to this UTC day (YYYY-MM-DD)')
    .option('--json', 'print JSON', false)
    .action(async (opts: { by: string; tenant?: string; agent?: string; from?: string; to?: string; json: boolean }) => {
      const out = await costReportCommand(
        {
          by: opts.by,
          json: opts.json,
          ...(opts.tenant === undefined ? {} : { tenant: opts.tenant }),
          ...(opts.agent === undefined ? {} : { agent: opts.agent }),
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.to === undefined ? {} : { to: opts.to }),
        },
        io.env,
      );
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });

  const trace = program.command('trace').description('read the audit trail of recorded runs as a storyboard (plugin-audit)');
  trace
    .command('list')
    .description('list a tenant\'s most recent runs with their agent and status')
    .option('--tenant <id>', 'tenant id', 'local')
    .option('--limit <n>', 'the most runs listed (default 20)', parseLimit, 20)
    .option('--json', 'print JSON', false)
    .action(async (opts: { tenant: string; limit: number; json: boolean }) => {
      const out = await traceListCommand({ tenant: opts.tenant, limit: opts.limit, json: opts.json }, io.env);
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });
  trace
    .command('show')
    .description('print a run\'s storyboard: who asked, acting as whom, each turn\'s model and tool steps, rationales, plugin decisions, totals')
    .argument('<run-id>', 'the run (see agent-studio trace list)')
    .option('--json', 'print the storyboard as JSON (schema agent-studio.storyboard/v1)', false)
    .option('--color', 'colours even when stdout is not a terminal')
    .option('--no-color', 'no colours')
    .action(async (runId: string, opts: { json: boolean; color?: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const color = opts.color ?? (io.stdout.isTTY === true && io.env.NO_COLOR === undefined);
      const out = await traceShowCommand(runId, { json: opts.json, color }, io.env);
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });
  trace
    .command('export')
    .description('write a run\'s storyboard to a file: one self-contained HTML page, or JSON')
    .argument('<run-id>', 'the run (see agent-studio trace list)')
    .addOption(new Option('--html <file>', 'write an HTML page (no script, loads nothing)').conflicts('json'))
    .addOption(new Option('--json <file>', 'write the storyboard as JSON'))
    .action(async (runId: string, opts: { html?: string; json?: string }, command: Command) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      if (opts.html === undefined && opts.json === undefined) command.error('error: give --html <file> or --json <file>', { exitCode: 2, code: 'trace.export.format' });
      const out = await traceExportCommand(runId, { ...(opts.html === undefined ? {} : { html: opts.html }), ...(opts.json === undefined ? {} : { json: opts.json }) }, io.env);
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });

  const deps = program.command('deps').description('inspect tool dependency graphs (plugin-tool-dependencies)');
  deps
    .command('check')
    .description('validate an agent file\'s tool dependency graph(s): schema, cycles, tools unknown to the agent; print tools, prerequisites, order')
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('--graph <file>', 'JSON file with the agent\'s graph (R-DEP-1); default: the agent file\'s dependencyGraphs export')
    .option('--json', 'print the report as one JSON object', false)
    .action(async (file: string, opts: { graph?: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await depsCheckCommand(file, { json: opts.json, ...(opts.graph === undefined ? {} : { graph: opts.graph }) });
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });
  deps
    .command('suggest')
    .description('ask a model to propose the agent\'s tool dependency graph and write it as a draft for an administrator to approve (R-DEP-12)')
    .argument('<agent-file>', 'compiled agent file (ES module default-exporting defineAgentApp({...}))')
    .option('--agent <name>', 'the agent the graph is for (default: the app\'s agent)')
    .option('--out <file>', 'the draft file (default: <agent-file-dir>/<agent>.deps.draft.json)')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (file: string, opts: { agent?: string; out?: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await depsSuggestCommand(
        file,
        { json: opts.json, ...(opts.agent === undefined ? {} : { agent: opts.agent }), ...(opts.out === undefined ? {} : { out: opts.out }) },
        io.env,
      );
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });
  deps
    .command('approve')
    .description('validate a draft graph written by deps suggest and write the approved graph that deps check --graph and the plugin load')
    .argument('<draft-file>', 'the draft written by agent-studio deps suggest')
    .requiredOption('--by <admin>', 'the approving administrator (recorded as approvedBy)')
    .option('--out <file>', 'the approved graph file (default: the draft path without .draft)')
    .option('--app <agent-file>', 'also check the graph against this agent file\'s capabilities')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (file: string, opts: { by: string; out?: string; app?: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await depsApproveCommand(file, {
        by: opts.by,
        json: opts.json,
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(opts.app === undefined ? {} : { app: opts.app }),
      });
      io.stdout.write(out.stdout);
      if (out.stderr !== '') io.stderr.write(out.stderr);
      exitCode = out.exitCode;
    });

  const evaluate = program.command('eval').description('measure a trust layer on a labelled JSONL file (one row per line)');
  evaluate
    .command('pii')
    .description('measure the PII masker: precision and recall per type, decoy rows hit, throughput')
    .requiredOption('--data <file>', 'JSONL file: { text, spans: [{ start, end, type, value }], category } per line')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (opts: { data: string; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await evalPiiCommand(opts.data, { json: opts.json });
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });
  evaluate
    .command('prompt-safety')
    .description('measure the prompt-injection detector: TPR, FPR, F1, throughput, flagged share per category')
    .requiredOption('--data <file>', 'JSONL file: { text, label: 0|1, category } per line')
    .addOption(new Option('--scorer <name>', 'the scorer').choices(['default', 'parity']).default('default'))
    .option('--threshold <n>', 'the blocking threshold, 0..1 (default 0.6)', parseThreshold)
    .option('--json', 'print the report as one JSON object', false)
    .action(async (opts: { data: string; scorer: 'default' | 'parity'; threshold?: number; json: boolean }) => {
      debug = debug || program.opts<{ debug?: boolean }>().debug === true;
      const out = await evalPromptSafetyCommand(opts.data, {
        json: opts.json,
        scorer: opts.scorer,
        ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
      });
      io.stdout.write(out.stdout);
      exitCode = out.exitCode;
    });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const line = AgentStudioError.is(error) ? `error ${error.code}: ${error.message}` : `error: ${(error as Error)?.message ?? String(error)}`;
    io.stderr.write(`${line.split('\n').join('\n  ')}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

/** Commander parser of `--limit`: a whole number from 1 to 1000. */
function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000.');
  return n;
}

/** Commander parser of `--threshold`: a number from 0 to 1. */
function parseThreshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1.');
  return n;
}

function collectVariable(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected name=value');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Parses a non-negative integer option. */
function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('expected an integer from 0 to 65535');
  return n;
}

/** Resolves on the first SIGINT or SIGTERM, so a server command can close what it opened. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
