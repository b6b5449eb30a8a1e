/**
 * The contract between main and renderer: every channel's input schema and output type, every event's payload.
 *
 * Main validates every input against these schemas (the renderer is untrusted); the renderer's typed client and the
 * preload are checked against the same types at compile time. Names live in `channels.ts`; the `satisfies` clauses
 * below make a channel or event without a definition (or a definition without a name) a compile error.
 */
import { z } from 'zod';
import type { ChannelName, EventName } from './channels';
import type {
  AppInfo,
  DemoStatus,
  FeatureState,
  PortfolioSnapshot,
  ProviderStatus,
  PublicSettings,
} from './domain';

/** A channel: its input schema, and its output type carried as a phantom. */
interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  /** Never read at run time; only carries the output type. */
  output?: O;
}

function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input });
}

const noInput = z.object({}).strict();

/** 0x + 40 hex digits. The checksum is checked in main, which has keccak (this file depends on nothing but zod). */
export const addressSchema = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address is 0x followed by 40 hexadecimal digits');

export const labelSchema = z.string().trim().min(1, 'a label is required').max(64, 'a label is at most 64 characters');

export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('refuse') }).strict(),
  z.object({ kind: z.literal('reset') }).strict(),
  z.object({ kind: z.literal('hang') }).strict(),
  z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(120_000) }).strict(),
  z
    .object({
      kind: z.literal('http'),
      status: z.number().int().min(400).max(599),
      retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('garbage'), body: z.enum(['html', 'text', 'empty', 'truncated']) }).strict(),
  z.object({ kind: z.literal('rpc-error'), code: z.number().int(), message: z.string().max(200) }).strict(),
  z.object({ kind: z.literal('wrong-id') }).strict(),
]);

export const contract = {
  'app.info': channel<AppInfo>()(noInput),
  'portfolio.get': channel<PortfolioSnapshot>()(noInput),
  'portfolio.refresh': channel<PortfolioSnapshot>()(noInput),
  'providers.list': channel<ProviderStatus[]>()(noInput),
  'features.list': channel<FeatureState[]>()(noInput),
  'settings.get': channel<PublicSettings>()(noInput),
  'addresses.add': channel<PublicSettings>()(z.object({ address: addressSchema, label: labelSchema }).strict()),
  'addresses.remove': channel<PublicSettings>()(z.object({ address: addressSchema }).strict()),
  'demo.status': channel<DemoStatus>()(noInput),
  'demo.setFault': channel<DemoStatus>()(
    z.object({ provider: z.string().min(1).max(64), fault: faultSchema }).strict(),
  ),
} satisfies { [C in ChannelName]: ChannelDef<z.ZodType, unknown> };

/** Payload of each pushed event. */
export interface EventPayloads {
  'portfolio.updated': PortfolioSnapshot;
  'providers.updated': ProviderStatus[];
  'features.updated': FeatureState[];
}

// Every event name has a payload type and vice versa.
type _EventsComplete = [EventName] extends [keyof EventPayloads]
  ? [keyof EventPayloads] extends [EventName]
    ? true
    : never
  : never;
const _eventsComplete: _EventsComplete = true;
void _eventsComplete;

type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = NonNullable<Contract[C]['output']>;
export type EventPayload<E extends EventName> = EventPayloads[E];
