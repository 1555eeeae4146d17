import type { ViewSubmitAction } from '@slack/bolt';

/** The workspace a form was sent from (Slack names it in one of three places, by the kind of install). */
export function submitterTeamId(body: ViewSubmitAction): string {
  return body.team?.id ?? body.user.team_id ?? body.view.team_id;
}
