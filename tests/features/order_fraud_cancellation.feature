Feature: Order the cancellation of a project's CCER for fraud (S8 Art.43)
  - The registry signs the order: a project, the order's reference, the amount the owner must cancel, a due time after the block time, and the reason.
  - Only a project that was registered (registered, or cancelled since) can be ordered; an unknown project is not found.
  - A project is under one open order at a time; each reference is executed once.
  - The order is written with status open: the project's units stop moving (transfer and cancellation: units_suspended) until it is fulfilled or enforced.

  Background:
    Given the block time is "2026-03-02T10:00:00+08:00"
    And entity "E1" of province "11"
    And entity "E2" of province "31"
    And project "P-WIND-01" of "O1" is registered
    And "E1" holds 50 t of the 2022 CCER of project "P-WIND-01"

  Rule: the registry orders it

    Scenario: the registry orders the owner to cancel
      When the registry orders the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      Then the transaction succeeds
      And the fraud order on project "P-WIND-01" is open with 0 t cancelled by the owner
      And the order names owner "O1", 60 t, due "2026-06-30T23:59:59+08:00" and its reason
      And the order event is emitted

    Scenario Outline: no one else orders it
      When the registry orders the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00", signed by "<signer>"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer |
        | MEE    |
        | O1     |

  Rule: the project was registered

    Scenario: a cancelled project can still be ordered
      Given project "P-OLD-03" of "O3" has status cancelled
      When the registry orders the cancellation of 10 t for project "P-OLD-03", due "2026-06-30T23:59:59+08:00"
      Then the transaction succeeds

    Scenario: a project that was never registered cannot
      Given project "P-NEW-04" of "O4" has status submitted
      When the registry orders the cancellation of 10 t for project "P-NEW-04", due "2026-06-30T23:59:59+08:00"
      Then the transaction fails with "project_not_registered"

    Scenario: an unknown project is not found
      When the registry orders the cancellation of 10 t for project "P-NONE-09", due "2026-06-30T23:59:59+08:00"
      Then the transaction fails with "not_found"

  Rule: the due time lies after the block time

    Scenario Outline: a due time at the edge of the block time
      When the registry orders the cancellation of 60 t for project "P-WIND-01", due "<due>" in a block at "2026-03-02T12:00:00+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | due                       | code          |
        | 2026-03-02T11:59:59+08:00 | invalid_field |
        | 2026-03-02T12:00:00+08:00 | invalid_field |
        | 2026-03-02T12:00:01+08:00 | ok            |

    Scenario: the amount is at least 1 t
      When the registry orders the cancellation of 0 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      Then the transaction fails with "invalid_field"

  Rule: one open order per project, each reference once

    Scenario: a second order on a project under an open order is refused
      Given the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      When the registry orders the cancellation of 10 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      Then the transaction fails with "already_exists"

    Scenario: a reference is executed once
      Given project "P-SOLAR-02" of "O2" is registered
      When the registry orders the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00" under "F-1"
      Then the transaction succeeds
      When the registry orders the cancellation of 60 t for project "P-SOLAR-02", due "2026-06-30T23:59:59+08:00" under "F-1"
      Then the transaction fails with "already_exists"

    Scenario: a new order after a closed one keeps the earlier one as history
      Given the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-03-31T23:59:59+08:00"
      And "REGISTRY" enforced the fraud order on project "P-WIND-01" at "2026-04-01T00:00:00+08:00"
      When the registry orders the cancellation of 10 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      Then the transaction succeeds
      And the fraud order on project "P-WIND-01" is open with 0 t cancelled by the owner
      And the order keeps 1 earlier order

  Rule: an open order suspends the project's units

    Scenario: the holders' units stop moving
      Given the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      When "E1" transfers 10 t of CCER-P-WIND-01-2022 to "E2"
      Then the transaction fails with "units_suspended"
