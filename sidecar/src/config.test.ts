import path from 'node:path';
import { ConfigError, loadConfig, packageRoot, packageVersion } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ SQLITE_PATH: '/srv/wp/.ht.sqlite' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      db: { client: 'sqlite', path: '/srv/wp/.ht.sqlite' },
      tablePrefix: 'wp_',
      drainIntervalMs: 5000,
      retentionDays: 30,
      pipelineFile: path.resolve(packageRoot, '../plugin/pipeline.json'),
    });
  });

  it('reads MySQL settings', () => {
    const config = loadConfig({
      DB_CLIENT: 'mysql',
      DB_NAME: 'wordpress',
      DB_USER: 'wp',
      DB_SOCKET: '/run/mysqld.sock',
      TABLE_PREFIX: 'site2_',
    });
    expect(config.db).toEqual({
      client: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      socket: '/run/mysqld.sock',
      database: 'wordpress',
      user: 'wp',
      password: '',
    });
    expect(config.tablePrefix).toBe('site2_');
  });

  it('fails with one clear line', () => {
    expect(() => loadConfig({})).toThrow(
      new ConfigError('Invalid sidecar configuration: SQLITE_PATH: required when DB_CLIENT=sqlite'),
    );
    expect(() => loadConfig({ SQLITE_PATH: '', DB_CLIENT: 'postgres', SIDECAR_PORT: 'http' })).toThrow(
      /^Invalid sidecar configuration: SIDECAR_PORT: .+; DB_CLIENT: must be sqlite or mysql$/,
    );
    expect(() => loadConfig({ DB_CLIENT: 'mysql' })).toThrow(
      'DB_NAME: required when DB_CLIENT=mysql; DB_USER: required when DB_CLIENT=mysql',
    );
    expect(loadConfig({ SQLITE_PATH: 'x', RETENTION_DAYS: '7' }).retentionDays).toBe(7);
    expect(() => loadConfig({ SQLITE_PATH: 'x', RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
    expect(() => loadConfig({ SQLITE_PATH: 'x', TABLE_PREFIX: 'wp_; DROP' })).toThrow(
      'TABLE_PREFIX: only letters, digits and _',
    );
  });

  it('listens where a hosting panel says: SIDECAR_SOCKET, else SIDECAR_PORT, else PORT (a port or a socket path)', () => {
    const base = { SQLITE_PATH: 'x' };
    expect(loadConfig(base)).toMatchObject({ port: 8787 });
    expect(loadConfig(base).socket).toBeUndefined();
    expect(loadConfig({ ...base, PORT: '3000' })).toMatchObject({ port: 3000 });
    expect(loadConfig({ ...base, PORT: '/home/u/nodeapp/app.sock' })).toMatchObject({ socket: '/home/u/nodeapp/app.sock' });
    expect(loadConfig({ ...base, PORT: '3000', SIDECAR_PORT: '8797' })).toMatchObject({ port: 8797 });
    expect(loadConfig({ ...base, SIDECAR_PORT: '8797', SIDECAR_SOCKET: '/run/sc.sock' })).toMatchObject({ socket: '/run/sc.sock' });
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT: must be a port number or the absolute path of a Unix socket/);
    expect(() => loadConfig({ ...base, PORT: '70000' })).toThrow(/PORT: must be between 1 and 65535/);
    expect(() => loadConfig({ ...base, SIDECAR_SOCKET: 'relative.sock' })).toThrow(/SIDECAR_SOCKET: must be an absolute path/);
  });

  it('is served at / openly, or under a sub-URI with every route guarded where a web server publishes it', () => {
    const base = { SQLITE_PATH: 'x' };
    expect(loadConfig(base)).toMatchObject({ basePath: '/', requireToken: false });
    expect(loadConfig({ ...base, BASE_PATH: '/solar-sidecar/' })).toMatchObject({ basePath: '/solar-sidecar', requireToken: false });
    // Passenger (cPanel "Setup Node.js App", Plesk) publishes the app at its URL and says so.
    expect(loadConfig({ ...base, PASSENGER_BASE_URI: '/solar-sidecar' })).toMatchObject({ basePath: '/solar-sidecar', requireToken: true });
    expect(loadConfig({ ...base, PASSENGER_APP_ENV: 'production' })).toMatchObject({ basePath: '/', requireToken: true });
    expect(loadConfig({ ...base, PASSENGER_APP_ENV: 'production', REQUIRE_TOKEN: '0' })).toMatchObject({ requireToken: false });
    expect(loadConfig({ ...base, REQUIRE_TOKEN: '1' })).toMatchObject({ requireToken: true });
    expect(() => loadConfig({ ...base, BASE_PATH: 'solar' })).toThrow(/BASE_PATH: must be a path/);
    expect(() => loadConfig({ ...base, REQUIRE_TOKEN: 'yes' })).toThrow(/REQUIRE_TOKEN: must be 1 or 0/);
  });

  it('knows its version', () => {
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
