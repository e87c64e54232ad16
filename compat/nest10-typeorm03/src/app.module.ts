import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MaintenanceModule } from 'nestjs-maintenance';
import { AppController } from './app.controller';
import { AppService } from './app.service';
import { ItemsController } from './items.controller';

const ADMINS = ['alice', 'bob', 'carol'];

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      autoLoadEntities: true,
      synchronize: false,
    }),
    MaintenanceModule.forRoot({
      refreshIntervalMs: 500,
      admin: {
        authorize: (req) =>
          ADMINS.includes(String(req.headers['x-admin-user'])),
        actor: (req) => {
          const user = String(req.headers['x-admin-user']);
          return ADMINS.includes(user) ? user : null;
        },
      },
    }),
  ],
  controllers: [AppController, ItemsController],
  providers: [AppService],
})
export class AppModule {}
