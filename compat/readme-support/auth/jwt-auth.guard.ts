// Stands in for "your authentication guard" that a README example imports: it verifies a bearer token and
// sets req.user, as an app's JWT guard does.
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

interface TokenRequest {
  headers: { authorization?: string };
  user?: { roles: string[] };
}

@Injectable()
export class JwtAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TokenRequest>();
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    if (token) request.user = { roles: token === 'superuser-token' ? ['superuser'] : [] };
    return true;
  }
}
