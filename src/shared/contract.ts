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
  BudgetBreach,
  HealthReport,
  OperatorSnapshot,
  ProbeResult,
  AlertFired,
  Analytics,
  AppInfo,
  ChainPreset,
  ChainSettingsView,
  CsvFile,
  DemoStatus,
  FeatureState,
  HistoryPage,
  PortfolioSnapshot,
  PriceAlert,
  PriceSettings,
  ProviderProbe,
  ProviderStatus,
  PublicSettings,
  RefreshProgress,
  TrackedToken,
} from './domain';

/** A channel: its input schema, and its output type carried as a phantom. */
interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  /** Never read at run time; only carries the output type (boxed, so that `null` survives as an output type). */
  output?: { type: O };
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

/** An ENS name (`vitalik.eth`, `pay.treasury.eth`); resolved in main on chains with ENS. */
export const ensNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .regex(/^(?:[a-z0-9-]+\.)+eth$/, 'an ENS name ends in .eth');

/** The longest label; the form's input says the same with `maxlength`. */
export const LABEL_MAX = 64;
export const labelSchema = z
  .string()
  .trim()
  .min(1, 'Enter a label')
  .max(LABEL_MAX, `A label can be at most ${LABEL_MAX} characters`);

/**
 * What the watched-address form accepts: a 0x address or an ENS name (lower-cased). One schema with one message
 * rather than a union of the two, whose failure zod reports as a bare "Invalid input".
 */
export const WATCH_TARGET_MESSAGE = 'Enter a 0x address (40 hex digits) or an ENS name ending in .eth';
const watchTargetSchema = z
  .string()
  .trim()
  .max(255, WATCH_TARGET_MESSAGE)
  .transform((value) => (/^0x[0-9a-fA-F]{40}$/.test(value) ? value : value.toLowerCase()))
  .refine((value) => /^0x[0-9a-fA-F]{40}$/.test(value) || /^(?:[a-z0-9-]+\.)+eth$/.test(value), WATCH_TARGET_MESSAGE);

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

const chainIdSchema = z.number().int().positive().max(2 ** 53 - 1);

/** http(s) only: a provider on another scheme (file:, javascript:) is refused before it reaches the engine. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048, 'a URL of at most 2048 characters')
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), 'a URL starting with http:// or https://')
  .refine((value) => URL.canParse(value), 'a valid URL (check the host and the port, 1 to 65535)');

export const wsUrlSchema = z
  .string()
  .trim()
  .max(2048, 'a URL of at most 2048 characters')
  .refine((value) => /^wss?:\/\/[^\s]+$/i.test(value), 'a URL starting with ws:// or wss://')
  .refine((value) => URL.canParse(value), 'a valid URL (check the host and the port, 1 to 65535)');

/** An integer field with one message for every way it can be wrong (a form shows it beside the field). */
function wholeNumber(what: string, min: number, max: number) {
  const message = `the ${what} must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

export const providerInputSchema = z
  .object({
    name: z.string().trim().min(1, 'a provider needs a name').max(64),
    /** A new URL, or the masked URL as read back (which keeps the stored one, secrets included). */
    url: z.string().trim().min(1).max(2048),
    rank: wholeNumber('rank', 0, 99),
    weight: wholeNumber('weight', 1, 100),
    wsUrl: wsUrlSchema.nullable(),
  })
  .strict();

/** `${chainId}:${name}`, as ProviderStatus.id. */
const providerIdSchema = z.string().regex(/^\d+:[^\s:][^\s]{0,63}$/, 'a provider id is <chainId>:<name>');

const tokenRef = z.object({ chainId: chainIdSchema, address: addressSchema }).strict();

export const contract = {
  'app.info': channel<AppInfo>()(noInput),
  'portfolio.get': channel<PortfolioSnapshot>()(noInput),
  'portfolio.refresh': channel<PortfolioSnapshot>()(noInput),
  'providers.list': channel<ProviderStatus[]>()(noInput),
  'features.list': channel<FeatureState[]>()(noInput),
  'settings.get': channel<PublicSettings>()(noInput),
  'addresses.add': channel<PublicSettings>()(
    z.object({ address: watchTargetSchema, label: labelSchema }).strict(),
  ),
  'addresses.remove': channel<PublicSettings>()(z.object({ address: addressSchema }).strict()),
  'demo.status': channel<DemoStatus>()(noInput),
  'demo.setFault': channel<DemoStatus>()(
    z.object({ provider: z.string().min(1).max(64), fault: faultSchema }).strict(),
  ),
  'chains.catalog': channel<ChainPreset[]>()(noInput),
  'chains.list': channel<ChainSettingsView[]>()(noInput),
  'chains.setEnabled': channel<ChainSettingsView[]>()(z.object({ chainId: chainIdSchema, enabled: z.boolean() }).strict()),
  'providers.test': channel<ProviderProbe>()(z.object({ chainId: chainIdSchema, url: httpUrlSchema }).strict()),
  'providers.save': channel<ChainSettingsView[]>()(
    z
      .object({ chainId: chainIdSchema, providers: z.array(providerInputSchema).min(1, 'a chain needs at least one provider').max(16) })
      .strict(),
  ),
  'indexer.save': channel<ChainSettingsView[]>()(
    z
      .object({
        chainId: chainIdSchema,
        indexer: z
          .object({
            kind: z.enum(['etherscan', 'blockscout']),
            baseUrl: z.string().trim().min(1).max(2048),
            /** Omitted: keep the stored key; empty string: remove it. */
            apiKey: z.string().trim().max(256).optional(),
          })
          .strict()
          .nullable(),
      })
      .strict(),
  ),
  'tokens.list': channel<TrackedToken[]>()(z.object({ chainId: chainIdSchema.optional() }).strict()),
  'tokens.add': channel<TrackedToken>()(tokenRef),
  'tokens.setHidden': channel<TrackedToken[]>()(tokenRef.extend({ hidden: z.boolean() }).strict()),
  'tokens.discover': channel<TrackedToken[]>()(noInput),
  'prices.settings': channel<PriceSettings>()(noInput),
  'prices.save': channel<PriceSettings>()(
    z
      .object({
        order: z
          .array(z.enum(['chainlink', 'price-api']))
          .min(1)
          .max(2)
          .refine((order) => new Set(order).size === order.length, 'each price source at most once'),
        api: z
          .object({ baseUrl: z.string().trim().min(1).max(2048), apiKey: z.string().trim().max(256).optional() })
          .strict()
          .nullable(),
      })
      .strict(),
  ),
  'history.page': channel<HistoryPage>()(
    z
      .object({
        address: addressSchema,
        chainId: chainIdSchema,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
  ),
  'history.refresh': channel<HistoryPage>()(z.object({ address: addressSchema, chainId: chainIdSchema }).strict()),
  'analytics.get': channel<Analytics>()(z.object({ range: z.enum(['24h', '7d', '30d', 'all']) }).strict()),
  'alerts.list': channel<PriceAlert[]>()(noInput),
  'alerts.add': channel<PriceAlert[]>()(
    z
      .object({
        chainId: chainIdSchema,
        asset: z.union([z.literal('native'), addressSchema]),
        direction: z.enum(['above', 'below']),
        thresholdUsd: z.bigint().positive('a threshold above zero').max(10n ** 30n),
      })
      .strict(),
  ),
  'alerts.remove': channel<PriceAlert[]>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  'export.holdings': channel<CsvFile>()(noInput),
  'export.history': channel<CsvFile>()(z.object({ address: addressSchema, chainId: chainIdSchema }).strict()),
  'health.get': channel<HealthReport>()(noInput),
  'operator.snapshot': channel<OperatorSnapshot>()(noInput),
  'providers.setEnabled': channel<ProviderStatus[]>()(
    z.object({ providerId: providerIdSchema, enabled: z.boolean() }).strict(),
  ),
  'providers.probe': channel<ProbeResult>()(z.object({ providerId: providerIdSchema }).strict()),
  'budgets.reportRender': channel<null>()(
    z
      .object({
        view: z.string().trim().min(1).max(64),
        /** Milliseconds from the view's mount (or update) start to its next painted frame. */
        ms: z.number().min(0).max(600_000),
      })
      .strict(),
  ),
} satisfies { [C in ChannelName]: ChannelDef<z.ZodType, unknown> };

/** Payload of each pushed event. */
export interface EventPayloads {
  'portfolio.updated': PortfolioSnapshot;
  'providers.updated': ProviderStatus[];
  'features.updated': FeatureState[];
  'refresh.progress': RefreshProgress;
  'chains.updated': ChainSettingsView[];
  'tokens.updated': TrackedToken[];
  'alerts.fired': AlertFired;
  'health.updated': HealthReport;
  'operator.updated': OperatorSnapshot;
  'budgets.breached': BudgetBreach;
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
export type ChannelOutput<C extends ChannelName> = NonNullable<Contract[C]['output']>['type'];
export type EventPayload<E extends EventName> = EventPayloads[E];
