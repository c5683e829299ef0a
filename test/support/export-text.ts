import { exportSession, type ExportFormat, type ExportOptions } from '../../src/engine/recorder/session-export';
import type { RecordingStore } from '../../src/engine/store/recordings';

/** A whole export as one string: for tests' small sessions only (the product streams it). */
export async function exportSessionText(
  recordings: RecordingStore,
  sessionId: number,
  format: ExportFormat,
  options: ExportOptions,
): Promise<{ fileName: string; text: string }> {
  const { fileName, chunks } = exportSession(recordings, sessionId, format, options);
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return { fileName, text };
}
