import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** The workspace a request came from, wherever the payload kind keeps it. */
function requestTeamId(body: AnyMiddlewareArgs['body']): string | undefined {
  const b = body as { team_id?: string; team?: { id?: string } | null; user?: { team_id?: string } };
  return b.team_id ?? b.team?.id ?? b.user?.team_id;
}

/**
 * Refuses requests from any workspace but the bot's own. A slash command is told so in its ack;
 * other kinds (buttons, shortcuts, forms) have no place for a message and are only acknowledged.
 */
export function sameWorkspaceOnly(teamId: string): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const from = requestTeamId(args.body);
    if (from === undefined || from === teamId) {
      await args.next();
      return;
    }
    args.logger.warn(`Refused a request from workspace ${from}`);
    if ('ack' in args && typeof args.ack === 'function') {
      const ack = args.ack as (message?: unknown) => Promise<void>;
      await ack('command' in args ? { response_type: 'ephemeral', text: 'This app only serves its own workspace.' } : undefined);
    }
  };
}
