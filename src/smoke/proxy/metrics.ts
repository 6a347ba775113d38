/**
 * Plugin-defined metrics as Envoy keeps them (context.cc defineMetric and
 * friends): the id's low two bits carry the type (counter 0, gauge 1,
 * histogram 2) and ids step by 4; the same name and type share one stat.
 */
import { MAX_METRIC_TYPE, MetricType, Status, type StatusCode } from './abi.js';

const TYPE_MASK = 0x3;
const ID_STEP = 4;

export type MetricKind = 'counter' | 'gauge' | 'histogram';
const KINDS: MetricKind[] = ['counter', 'gauge', 'histogram'];

interface Stat {
  kind: MetricKind;
  name: string;
  value: bigint;
  /** Recorded histogram samples. */
  samples: bigint[];
}

export interface MetricSnapshot {
  kind: MetricKind;
  name: string;
  value: bigint;
  samples: bigint[];
}

export class Metrics {
  private readonly ids = new Map<number, Stat>();
  private readonly stats = new Map<string, Stat>();
  private readonly nextId: number[] = [MetricType.Counter, MetricType.Gauge, MetricType.Histogram];

  define(type: number, name: string): { status: StatusCode; id?: number } {
    if (type > MAX_METRIC_TYPE) return { status: Status.BadArgument };
    const kind = KINDS[type]!;
    const key = `${kind}\0${name}`;
    let stat = this.stats.get(key);
    if (!stat) {
      stat = { kind, name, value: 0n, samples: [] };
      this.stats.set(key, stat);
    }
    const id = this.nextId[type]!;
    this.nextId[type] = (id + ID_STEP) >>> 0;
    this.ids.set(id, stat);
    return { status: Status.Ok, id };
  }

  increment(id: number, offset: bigint): StatusCode {
    const type = id & TYPE_MASK;
    if (type === MetricType.Histogram || type > MAX_METRIC_TYPE) return Status.BadArgument;
    const stat = this.ids.get(id);
    if (!stat) return Status.NotFound;
    // A counter only goes up: Envoy refuses a zero or negative offset.
    if (type === MetricType.Counter && offset <= 0n) return Status.BadArgument;
    stat.value = BigInt.asUintN(64, stat.value + offset);
    return Status.Ok;
  }

  record(id: number, value: bigint): StatusCode {
    const stat = this.ids.get(id);
    if (!stat) return Status.NotFound;
    if (stat.kind === 'counter') stat.value = BigInt.asUintN(64, stat.value + value);
    else if (stat.kind === 'gauge') stat.value = value;
    else stat.samples.push(value);
    return Status.Ok;
  }

  get(id: number): { status: StatusCode; value?: bigint } {
    const type = id & TYPE_MASK;
    if (type !== MetricType.Counter && type !== MetricType.Gauge) {
      return { status: Status.BadArgument };
    }
    const stat = this.ids.get(id);
    if (!stat) return { status: Status.NotFound };
    return { status: Status.Ok, value: stat.value };
  }

  snapshot(): MetricSnapshot[] {
    return [...this.stats.values()].map((s) => ({ ...s, samples: [...s.samples] }));
  }
}
