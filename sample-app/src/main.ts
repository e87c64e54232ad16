import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { withMaintenanceResponses } from '../../lib';
import { AppModule, DEMO_ADMINS, SAMPLE_DATABASE } from './app.module';

async function bootstrap() {
  mkdirSync(dirname(SAMPLE_DATABASE), { recursive: true });
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle('nestjs-maintenance sample app')
    .setDescription(
      `Maintenance windows, approvals, the emergency toggle and the audit log. Admin routes trust the x-admin-user header (demo admins: ${DEMO_ADMINS.join(', ')}).`,
    )
    .setVersion('1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-admin-user', description: `One of ${DEMO_ADMINS.join(', ')}` }, 'maintenance-admin')
    .build();
  // withMaintenanceResponses: every route's document shows the 503 and read-only 403 maintenance can answer.
  SwaggerModule.setup('docs', app, () => withMaintenanceResponses(SwaggerModule.createDocument(app, config)), { jsonDocumentUrl: 'docs-json' });
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  // The bound port, not the requested one: PORT=0 picks a free port (the e2e spec reads it from this line).
  const { port: bound } = app.getHttpServer().address() as AddressInfo;
  console.log(`Sample app on http://127.0.0.1:${bound} — Swagger UI at /docs, database ${SAMPLE_DATABASE}`);
}

void bootstrap();
