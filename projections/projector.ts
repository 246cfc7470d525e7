import {
  startEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
} from '../platform/event-consumer';
import { applyEvents } from './apply-event';

export const DEFAULT_PROJECTOR_GROUP = 'read-models';

export type ProjectorOptions = Omit<EventConsumerOptions, 'name' | 'apply' | 'groupId'> & {
  groupId?: string;
};
export type Projector = EventConsumer;

/** The read-model consumer group; a group without committed offsets builds the read models from all history. */
export function startProjector(options: ProjectorOptions): Promise<Projector> {
  return startEventConsumer({
    ...options,
    name: 'projector',
    groupId: options.groupId ?? DEFAULT_PROJECTOR_GROUP,
    apply: applyEvents,
  });
}
