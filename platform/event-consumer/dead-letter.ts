import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { DEAD_LETTER_HEADERS as H, DEAD_LETTER_TOPIC, type DeadLetterReason } from '../../contracts/events';

/** Where a Kafka message was read: what a dead letter names as its origin. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

export interface DeadLetter {
  message: KafkaMessage;
  source: MessageSource;
  consumerGroup: string;
  reason: DeadLetterReason;
  error: Error;
}

/**
 * Moves a message to the dead-letter topic unchanged (key, value, headers), with headers that say why
 * and where it came from so it can be inspected and replayed. Throws if Kafka does not take it: the
 * caller must then not move past the message.
 */
export async function sendToDeadLetter(producer: Producer, letter: DeadLetter): Promise<void> {
  const { message, source } = letter;
  const original: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) original[name] = value;
  }
  await producer.send({
    topic: DEAD_LETTER_TOPIC,
    acks: -1,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...original,
          [H.reason]: letter.reason,
          [H.error]: letter.error.message.slice(0, 2000),
          [H.sourceTopic]: source.topic,
          [H.sourcePartition]: String(source.partition),
          [H.sourceOffset]: source.offset,
          [H.consumerGroup]: letter.consumerGroup,
          [H.failedAt]: new Date().toISOString(),
        },
      },
    ],
  });
}
