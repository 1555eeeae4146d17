// A file from disk into a person's direct message with the bot, by Slack's external upload:
// files.getUploadURLExternal (name and size up front), the bytes POSTed to the URL it hands out
// (streamed from the file, never held whole), then files.completeUploadExternal to share it.
import type { WebClient } from '@slack/web-api';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';

/** How far an upload got before it failed: words for the person depend on it. */
export type UploadStep = 'open_dm' | 'get_upload_url' | 'send_bytes' | 'share';

export class UploadFailed extends Error {
  constructor(
    readonly step: UploadStep,
    cause: unknown,
  ) {
    super(`file upload failed at ${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'UploadFailed';
  }
}

export interface FileToSend {
  userId: string;
  path: string;
  filename: string;
  /** Its size in bytes, as Slack asks for before the upload. */
  length: number;
  title: string;
  /** The message the file comes with (mrkdwn). */
  comment: string;
}

const SEND_TIMEOUT_MS = 120_000;

async function step<T>(name: UploadStep, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new UploadFailed(name, error);
  }
}

/** Uploads the file and shares it in the person's DM with the bot; throws UploadFailed naming the step that failed. */
export async function sendFileToDm(client: WebClient, file: FileToSend): Promise<{ channelId: string; fileId: string }> {
  const channelId = await step('open_dm', async () => {
    const { channel } = await client.conversations.open({ users: file.userId });
    if (!channel?.id) throw new Error('Slack named no conversation');
    return channel.id;
  });
  const { uploadUrl, fileId } = await step('get_upload_url', async () => {
    const answer = await client.files.getUploadURLExternal({ filename: file.filename, length: file.length });
    if (!answer.upload_url || !answer.file_id) throw new Error('Slack gave no upload URL');
    return { uploadUrl: answer.upload_url, fileId: answer.file_id };
  });
  await step('send_bytes', () => postFile(uploadUrl, file.path, file.length));
  await step('share', () => client.files.completeUploadExternal({ files: [{ id: fileId, title: file.title }], channel_id: channelId, initial_comment: file.comment }));
  return { channelId, fileId };
}

/** POSTs the file's bytes to `url` as they are read from disk. */
async function postFile(url: string, path: string, length: number): Promise<void> {
  const target = new URL(url);
  const request = (target.protocol === 'https:' ? https : http).request(target, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'content-length': length },
    timeout: SEND_TIMEOUT_MS,
  });
  request.on('timeout', () => request.destroy(new Error('the upload URL did not answer in time')));
  const answered = once(request, 'response') as Promise<[IncomingMessage]>;
  answered.catch(() => undefined); // the pipeline reports the same failure
  await pipeline(createReadStream(path), request);
  const [response] = await answered;
  response.resume();
  if (response.statusCode !== 200) throw new Error(`the upload URL answered HTTP ${response.statusCode}`);
}
