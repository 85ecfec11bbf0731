import type { DataConverter } from '@temporalio/common';
import { AesGcmCodec } from './aes-gcm-codec';
import type { CodecKeys } from './keys';

/** What the worker and every client use: encrypted payloads when keys are configured. */
export function dataConverterFor(keys: CodecKeys | undefined): DataConverter | undefined {
  return keys ? { payloadCodecs: [new AesGcmCodec(keys)] } : undefined;
}
