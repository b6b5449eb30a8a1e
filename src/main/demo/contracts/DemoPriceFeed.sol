// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DemoPriceFeed: answers like a Chainlink AggregatorV3 USD feed, with an owner-only setter.
/// @dev Every update opens a new round, so readers that compare roundId/updatedAt see a real price history.
contract DemoPriceFeed {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    /// @notice Chainlink USD feeds answer with 8 decimals; the app's USD figures use the same precision.
    uint8 public constant decimals = 8;
    uint256 public constant version = 4;
    address public immutable owner;
    string public description;
    uint80 public latestRound;

    mapping(uint80 => Round) private rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NotOwner();
    error NoDataPresent();

    constructor(string memory description_, int256 initialAnswer) {
        owner = msg.sender;
        description = description_;
        _record(initialAnswer);
    }

    /// @notice Publishes a new answer as a new round stamped with the current block's timestamp.
    function setAnswer(int256 answer) external {
        if (msg.sender != owner) revert NotOwner();
        _record(answer);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRound].answer;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    function getRoundData(uint80 roundId)
        public
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = rounds[roundId];
        // Chainlink reverts for rounds it never saw; returning zeros would read as a price of 0.
        if (round.updatedAt == 0) revert NoDataPresent();
        return (roundId, round.answer, round.startedAt, round.updatedAt, roundId);
    }

    function _record(int256 answer) private {
        uint80 roundId = latestRound + 1;
        rounds[roundId] = Round(answer, uint64(block.timestamp), uint64(block.timestamp));
        latestRound = roundId;
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }
}
