'use strict';
// The homemade alternative the module is compared with: a global guard that asks the database on every
// request whether maintenance is on.
const { ServiceUnavailableException } = require('@nestjs/common');
const { EntitySchema } = require('typeorm');

const SETTINGS = new EntitySchema({
  name: 'BenchSetting',
  tableName: 'bench_setting',
  columns: {
    key: { type: 'varchar', length: 64, primary: true },
    value: { type: 'varchar', length: 256 },
  },
});

class NaiveMaintenanceGuard {
  constructor(settings) {
    this.settings = settings;
  }

  async canActivate() {
    const flag = await this.settings.findOneBy({ key: 'maintenance' });
    if (flag && flag.value === 'on') throw new ServiceUnavailableException('Down for maintenance');
    return true;
  }
}

/** Provider factory: seeds the flag ("off", so requests pass) and builds the guard on the app's DataSource. */
async function createNaiveGuard(dataSource) {
  const settings = dataSource.getRepository(SETTINGS);
  await settings.save({ key: 'maintenance', value: 'off' });
  return new NaiveMaintenanceGuard(settings);
}

module.exports = { SETTINGS, createNaiveGuard };
