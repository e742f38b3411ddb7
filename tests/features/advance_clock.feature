Feature: Advance the clock on a devnet
  - On a devnet the MEE moves the time the rules see forward, to walk a compliance year through deadlines in minutes.
  - The ledger keeps a clock offset in milliseconds: advancing to `to` in a block at time t adds (to − t) to it.
  - Each block's time is the consensus engine's time plus the offset, and always at least 1 ms after the block before.
  - Only the MEE advances the clock.
  - Only a chain whose params say network "devnet" accepts it: on any other network time is the validators' block time alone.
  - The clock only moves forward: `to` lies strictly after the block time.

  Rule: only the MEE advances the clock

    Scenario: the MEE advances the clock by 214 days
      When "MEE" advances the clock to "2025-01-01T00:00:00+08:00" in a block at "2024-06-01T00:00:00+08:00"
      Then the transaction succeeds
      And the clock offset is 214 days
      And the event says the clock advanced to "2025-01-01T00:00:00+08:00" with an offset of 214 days

    Scenario: the registry cannot advance the clock
      When "REGISTRY" advances the clock to "2025-01-01T00:00:00+08:00"
      Then the transaction fails with "unauthorized"
      And the clock offset is 0 days

  Rule: only a devnet accepts it

    Scenario Outline: the chain's network
      Given the chain's network is "<network>"
      When "MEE" advances the clock to "2025-01-01T00:00:00+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | network | code        |
        | devnet  | ok          |
        | testnet | devnet_only |
        | mainnet | devnet_only |

    Scenario: the message names the network
      Given the chain's network is "mainnet"
      When "MEE" advances the clock to "2025-01-01T00:00:00+08:00"
      Then the transaction fails with "devnet_only"
      And the message says "runs only on a devnet chain; this chain's network is 'mainnet'"
      And the clock offset is 0 days

  Rule: the clock only moves forward

    Scenario Outline: `to` around the block time
      When "MEE" advances the clock to "<to>" in a block at "2024-06-01T12:00:00+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | to                            | code          |
        | 2024-06-01T11:59:59.999+08:00 | invalid_field |
        | 2024-06-01T12:00:00+08:00     | invalid_field |
        | 2024-06-01T04:00:00Z          | invalid_field |
        | 2024-06-01T12:00:00.001+08:00 | ok            |
        | 2024-06-01T04:00:00.001Z      | ok            |

    Scenario: the message names both times
      When "MEE" advances the clock to "2024-06-01T11:00:00+08:00" in a block at "2024-06-01T12:00:00+08:00"
      Then the transaction fails with "invalid_field"
      And the message says "to 2024-06-01T11:00:00+08:00 is not after block time 2024-06-01T12:00:00+08:00"

    Scenario: `to` is an RFC 3339 time with its offset
      When "MEE" advances the clock to "2025-01-01T00:00:00"
      Then the transaction fails with "invalid_field"

  Rule: advances add up

    Scenario: advancing twice
      Given the MEE advanced the clock to "2024-07-01T00:00:00+08:00" in a block at "2024-06-01T00:00:00+08:00"
      When "MEE" advances the clock to "2024-09-01T00:00:00+08:00" in a block at "2024-07-01T00:00:00+08:00"
      Then the transaction succeeds
      And the clock offset is 92 days

  Rule: a block's time is the engine's time plus the offset, always after the block before

    Scenario Outline: the next block after an advance of 30 days
      Given the MEE advanced the clock to "2024-07-01T00:00:00+08:00" in a block at "2024-06-01T00:00:00+08:00"
      Then a block the engine times "<engine>" has block time "<block_time>"

      Examples:
        | engine                    | block_time                    |
        | 2024-06-01T00:00:01+08:00 | 2024-07-01T00:00:01+08:00     |
        | 2024-06-01T00:00:00+08:00 | 2024-07-01T00:00:00+08:00     |
        | 2024-05-01T00:00:00+08:00 | 2024-06-01T00:00:00.001+08:00 |
