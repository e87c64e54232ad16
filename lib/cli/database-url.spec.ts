import { CliUsageError } from './cli-errors';
import { dataSourceOptionsFromUrl } from './database-url';

describe('dataSourceOptionsFromUrl', () => {
  it.each([
    ['sqlite:/var/data/app.sqlite', '/var/data/app.sqlite'],
    ['sqlite:///var/data/app.sqlite', '/var/data/app.sqlite'],
    ['better-sqlite3:/var/data/app.sqlite', '/var/data/app.sqlite'],
    ['sqlite:data/app.sqlite', '/srv/app/data/app.sqlite'],
    ['SQLite:./my%20app.sqlite', '/srv/app/my app.sqlite'],
  ])('reads %p as a SQLite file', (url, database) => {
    expect(dataSourceOptionsFromUrl(url, '/srv/app')).toEqual({ type: 'better-sqlite3', database });
  });

  it('passes server URLs to the matching driver', () => {
    expect(dataSourceOptionsFromUrl('postgres://u:p@db:5432/app')).toEqual({ type: 'postgres', url: 'postgres://u:p@db:5432/app' });
    expect(dataSourceOptionsFromUrl('postgresql://db/app')).toMatchObject({ type: 'postgres' });
    expect(dataSourceOptionsFromUrl('mysql://u:p@db/app')).toEqual({ type: 'mysql', url: 'mysql://u:p@db/app' });
    expect(dataSourceOptionsFromUrl('mariadb://u:p@db/app')).toEqual({ type: 'mariadb', url: 'mariadb://u:p@db/app' });
  });

  it.each(['mongodb://u:secret@db/app', 'app.sqlite', 'sqlite:', 'sqlite::memory:'])('refuses %p without echoing it', (url) => {
    let thrown: unknown;
    try {
      dataSourceOptionsFromUrl(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliUsageError);
    expect((thrown as Error).message).not.toContain('secret');
  });
});
