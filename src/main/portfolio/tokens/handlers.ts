/** 'tokens.*' channels: list, add by address, hide/unhide, discover now. */
import type { Handlers } from '../../ipc/router';
import { checksum } from '../handlers';
import type { TokenService } from './token-service';

export function tokenHandlers(
  tokens: TokenService,
): Pick<Handlers, 'tokens.list' | 'tokens.add' | 'tokens.setHidden' | 'tokens.discover'> {
  return {
    'tokens.list': ({ chainId }) => tokens.list(chainId),
    'tokens.add': ({ chainId, address }) => tokens.add(chainId, checksum(address)),
    'tokens.setHidden': ({ chainId, address, hidden }) => tokens.setHidden(chainId, checksum(address), hidden),
    'tokens.discover': () => tokens.discover(),
  };
}
