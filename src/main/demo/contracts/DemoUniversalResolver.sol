// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DemoUniversalResolver: just enough of ENS's UniversalResolver for `getEnsAddress` on the demo chain.
/// @dev The real one walks the registry to each name's resolver and may go off-chain (CCIP-read). The demo has a
///      handful of fixed names, so this contract is registry and resolver in one: namehash → address, set at
///      deployment. It answers the two entry points clients call, with the errors viem reads as "no such name".
contract DemoUniversalResolver {
    /// @dev `addr(bytes32)` and `addr(bytes32,uint256)`: the only resolver profiles the demo serves.
    bytes4 private constant ADDR = 0x3b3b57de;
    bytes4 private constant ADDR_COIN = 0xf1cb7e06;
    /// @dev ENSIP-9 coin type of Ethereum: the only coin type the demo's names have addresses for.
    uint256 private constant COIN_ETH = 60;

    mapping(bytes32 => address) public addresses;

    error ResolverNotFound(bytes name);
    error UnsupportedResolverProfile(bytes4 selector);

    constructor(bytes32[] memory nodes, address[] memory accounts) {
        require(nodes.length == accounts.length, "lengths differ");
        for (uint256 i = 0; i < nodes.length; ++i) {
            addresses[nodes[i]] = accounts[i];
        }
    }

    /// @notice viem 2.x: resolves `data` (an `addr` call carrying the namehash) for the DNS-encoded `name`.
    /// @dev Gateways are ignored: nothing here is off-chain.
    function resolveWithGateways(bytes calldata name, bytes calldata data, string[] calldata)
        external
        view
        returns (bytes memory, address)
    {
        return (_resolve(name, data), address(this));
    }

    /// @notice The older entry point (ENSIP-10 era clients), same answer.
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory, address) {
        return (_resolve(name, data), address(this));
    }

    function _resolve(bytes calldata name, bytes calldata data) private view returns (bytes memory) {
        if (data.length < 36) revert UnsupportedResolverProfile(bytes4(0));
        bytes4 selector = bytes4(data[:4]);
        bytes32 node = bytes32(data[4:36]);
        address account = addresses[node];
        // An unknown name has no resolver at all; viem turns this error into `null`.
        if (account == address(0)) revert ResolverNotFound(name);
        if (selector == ADDR) return abi.encode(account);
        if (selector == ADDR_COIN && data.length >= 68 && uint256(bytes32(data[36:68])) == COIN_ETH) {
            return abi.encode(abi.encodePacked(account));
        }
        revert UnsupportedResolverProfile(selector);
    }
}
