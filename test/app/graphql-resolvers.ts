import { Module } from '@nestjs/common';
import { Args, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { BypassMaintenance } from '../../lib';

/** Code-first resolvers for the GraphQL e2e test: a query, a mutation, one mutation bypassing read-only. */
@Resolver()
export class ItemsResolver {
  @Query(() => [String])
  items(): string[] {
    return ['a', 'b'];
  }

  @Mutation(() => String)
  addItem(@Args('name') name: string): string {
    return name;
  }

  /** Sign-in keeps working in read-only mode only (the method's decorator). */
  @Mutation(() => String)
  @BypassMaintenance({ modes: ['read-only'] })
  login(): string {
    return 'token';
  }
}

/** The whole resolver class is exempt from every mode. */
@Resolver()
@BypassMaintenance()
export class StatusResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }

  @Mutation(() => Boolean)
  touch(): boolean {
    return true;
  }
}

/** Subscriptions over WebSockets (graphql-ws): one plain, one exempt from every mode. Each yields one value. */
@Resolver()
export class TicksResolver {
  @Subscription(() => String, { resolve: (value: string) => value })
  async *ticks(): AsyncGenerator<string> {
    yield 'tick';
  }

  @Subscription(() => String, { resolve: (value: string) => value })
  @BypassMaintenance()
  async *heartbeat(): AsyncGenerator<string> {
    yield 'beat';
  }
}

@Module({ providers: [ItemsResolver, StatusResolver] })
export class GraphqlTestModule {}

@Module({ providers: [TicksResolver] })
export class GraphqlSubscriptionsTestModule {}
