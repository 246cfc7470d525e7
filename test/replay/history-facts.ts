import type { HistoryFile } from '../../scripts/histories/history-files';

/** The activities a history scheduled, in order. */
export const scheduledIn = ({ history }: HistoryFile): string[] =>
  (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);

/** The ids of the `patched()` markers a history recorded. */
export const patchesIn = ({ history }: HistoryFile): string[] =>
  (history.events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString()) as { id: string }).id] : [];
  });

/** The local activities a history ran, in order, read from their markers. */
export const ranLocallyIn = ({ history }: HistoryFile): string[] =>
  (history.events ?? []).flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    return data
      ? [(JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type]
      : [];
  });
