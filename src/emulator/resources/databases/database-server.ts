import type { Clock } from '../../clock';
import { LoopbackSites, textResponse, type SiteResponse } from '../../serving/loopback-sites';
import type { EmulatorState } from '../../state';
import { Unreachable } from '../instance-serving/reach';
import type { StoredRelationalDatabase } from './types';
import { databaseEndpoint, databaseState } from './views';

/** One database: `<region>/<name>`. Database names cannot hold a slash. */
const siteKey = (region: string, name: string) => `${region}/${name}`;
const parseKey = (key: string) => {
  const [region, name] = key.split('/') as [string, string];
  return { region, name };
};

/**
 * Makes every available database answer on a loopback port, so a TCP check of its endpoint
 * connects as it would on AWS, and one that is creating, stopped or deleted refuses. The
 * listener is the shared loopback HTTP server: a TCP connect is all a check asks of a database,
 * and speaking MySQL or PostgreSQL is beyond the emulator. Ports are kept in the state
 * (servedPort), so an endpoint survives a restart.
 */
export class DatabaseServer {
  private readonly sites: LoopbackSites;
  private moved: string[][] = [];

  constructor(
    private readonly state: () => EmulatorState,
    private readonly clock: Clock,
    log?: (line: string) => void,
    /** Told which databases' records changed (new listener ports), to persist them. */
    private readonly written?: (paths: string[][]) => void,
  ) {
    this.sites = new LoopbackSites(
      {
        kind: 'database',
        wanted: () => this.wanted(),
        answer: (key) => Promise.resolve(this.answer(key)),
        relocate: (key, port) => {
          const { region, name } = parseKey(key);
          const db = this.state()[region]?.relationalDatabases[name];
          if (!db) return;
          db.servedPort = port;
          this.moved.push([region, 'relationalDatabases', name]);
        },
      },
      log,
    );
  }

  async sync(): Promise<void> {
    await this.sites.sync();
    if (this.moved.length > 0) {
      const paths = this.moved;
      this.moved = [];
      this.written?.(paths);
    }
  }

  close(): Promise<void> {
    return this.sites.close();
  }

  /**
   * The loopback port of the database whose endpoint is `address:port`; Unreachable, saying why,
   * when none answers there. Undefined when no database holds that address at all.
   */
  reach(query: { region?: string; address: string; port: number }) {
    for (const [region, store] of Object.entries(this.state())) {
      if (query.region && region !== query.region) continue;
      const db = Object.values(store.relationalDatabases).find(
        (d) => databaseEndpoint(d, region).address.toLowerCase() === query.address.toLowerCase(),
      );
      if (!db) continue;
      const state = databaseState(db, this.clock.now());
      if (state !== 'available') {
        throw new Unreachable(
          `Nothing answers at ${query.address}: the database ${db.name} (${region}) is ${state}.`,
        );
      }
      if (databaseEndpoint(db, region).port !== query.port) {
        throw new Unreachable(
          `Nothing answers at ${query.address} port ${query.port}: the database ${db.name} listens on ${databaseEndpoint(db, region).port}.`,
        );
      }
      if (db.servedPort === undefined) {
        throw new Unreachable(`The database ${db.name} (${region}) is not listening yet; try again.`);
      }
      return { host: '127.0.0.1' as const, port: db.servedPort, region, databaseName: db.name };
    }
    return undefined;
  }

  private serving(db: StoredRelationalDatabase | undefined): db is StoredRelationalDatabase {
    return db !== undefined && databaseState(db, this.clock.now()) === 'available';
  }

  private wanted() {
    return Object.entries(this.state()).flatMap(([region, store]) =>
      Object.values(store.relationalDatabases)
        .filter((db) => this.serving(db))
        .map((db) => ({ key: siteKey(region, db.name), port: db.servedPort ?? 0 })),
    );
  }

  private answer(key: string): SiteResponse | undefined {
    const { region, name } = parseKey(key);
    const db = this.state()[region]?.relationalDatabases[name];
    // Unavailable since the listener opened (the next sync closes it): nothing answers.
    if (!this.serving(db)) return undefined;
    return textResponse(200, `relational database ${name} in ${region}`);
  }
}
