import type { DbConfig } from '../config';
import { MysqlStore } from './mysql';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

export function openStore(db: DbConfig, tablePrefix: string): Store {
  return db.client === 'sqlite' ? new SqliteStore(db.path, tablePrefix) : new MysqlStore(db, tablePrefix);
}
