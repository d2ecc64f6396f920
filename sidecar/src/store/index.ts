import type { DbConfig } from '../config';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

export function openStore(db: DbConfig, tablePrefix: string): Store {
  switch (db.client) {
    case 'sqlite':
      return new SqliteStore(db.path, tablePrefix);
    case 'mysql':
      // store/mysql.ts (mysql2, SELECT … FOR UPDATE) arrives with the MariaDB milestone.
      throw new Error('DB_CLIENT=mysql is not supported by this version of the sidecar yet; use DB_CLIENT=sqlite.');
  }
}
