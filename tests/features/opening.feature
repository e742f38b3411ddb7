Feature: Opening balances at genesis (bringing an existing registry onto the ledger)
  - A genesis may carry the books of the registry it replaces: past vintages, past compliance cycles, holdings per account, instrument, serial range and sub-state, and past obligation records.
  - Every account named exists: a genesis participant, or a terminal account (SURRENDERED-<year>, CANCELLED, WITHDRAWN).
  - Every instrument is declared; its serials are positive integers up to 2^53 - 1, disjoint across all accounts and without a gap from 1, so its issued count and next serial follow from its ranges.
  - Supply balances from block 1: issued = every account's holdings in every sub-state, terminal accounts included.
  - A bad genesis is refused with invalid_field, naming the row and both values.

  Background:
    Given genesis entity "E1" of province "11"
    And genesis entity "E2" of province "31"
    And the opening declares CEA-2023

  Rule: opening holdings become holdings, and each instrument's issuance follows from its ranges

    Scenario: a migrated entity holds its opening balance from genesis
      Given the opening gives "E1" serials 1-100 of CEA-2023
      And the opening gives "SURRENDERED-2023" serials 101-250 of CEA-2023
      When the genesis is built
      Then the genesis is accepted
      And "E1" holds 100 t of CEA-2023
      And CEA-2023 has issued 250 t and next serial 251
      And the supply of CEA-2023 balances

    Scenario: several rows of one account and instrument make one holding
      Given the opening gives "E1" serials 1-100 of CEA-2023
      And the opening gives "E2" serials 101-120 of CEA-2023
      And the opening gives "E1" serials 121-130 of CEA-2023
      When the genesis is built
      Then the genesis is accepted
      And "E1" holds serials 1-100,121-130 of CEA-2023

    Scenario Outline: a declared issued count must be what the holdings add up to
      Given the opening gives "E1" serials 1-250 of CEA-2023
      And the opening declares CEA-2023 issued <issued> t
      When the genesis is built
      Then the genesis <outcome>

      Examples:
        | issued | outcome                                                                  |
        | 249    | is refused with "invalid_field" saying "CEA-2023 issued 249 t ≠ 250 t"   |
        | 250    | is accepted                                                              |
        | 251    | is refused with "invalid_field" saying "CEA-2023 issued 251 t ≠ 250 t"   |

  Rule: every account named exists

    Scenario Outline: an opening holding names a participant or a terminal account
      Given the opening gives "E1" serials 1-10 of CEA-2023
      And the opening gives "<account>" serials 11-20 of CEA-2023
      When the genesis is built
      Then the genesis <outcome>

      Examples:
        | account          | outcome                                                                               |
        | E2               | is accepted                                                                           |
        | SURRENDERED-2023 | is accepted                                                                           |
        | CANCELLED        | is accepted                                                                           |
        | WITHDRAWN        | is accepted                                                                           |
        | NOBODY           | is refused with "invalid_field" saying "opening.holdings[1]: account 'NOBODY' is neither" |
        | SURRENDERED-23   | is refused with "invalid_field" saying "account 'SURRENDERED-23' is neither"           |
        | SURRENDERED-٢٠٢٣ | is refused with "invalid_field" saying "is neither a genesis participant"              |

    Scenario: a past obligation belongs to a key emitting entity of the genesis
      Given the opening records "PROV-11" with verified emissions of 1200 t for 2023
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "opening.obligations[0]: account 'PROV-11' is not a key emitting entity"

  Rule: every instrument is declared, once

    Scenario: a holding of an undeclared vintage
      Given the opening gives "E1" serials 1-10 of CEA-2022
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "opening.holdings[0]: instrument 'CEA-2022' is not among the opening instruments"

    Scenario: a vintage declared twice
      Given the opening declares CEA-2023
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "opening.instruments[1]: instrument CEA-2023 is declared twice"

  Rule: serials are positive integers up to 2^53 - 1, each range first ≤ last

    Scenario Outline: the bounds of a range
      Given the opening gives "E1" serials <first>-<last> of CEA-2023
      When the genesis is built
      Then the genesis <outcome>

      Examples:
        | first | last             | outcome                                                                                  |
        | 0     | 10               | is refused with "invalid_field" saying "first must be an integer from 1 to 9007199254740991, got 0" |
        | 1     | 10               | is accepted                                                                              |
        | 1     | 9007199254740991 | is accepted                                                                              |
        | 1     | 9007199254740992 | is refused with "invalid_field" saying "last must be an integer from 1 to 9007199254740991, got 9007199254740992" |
        | 10    | 1                | is refused with "invalid_field" saying "opening.holdings[0]: serial range first 10 > last 1" |

  Rule: ranges are disjoint within an instrument across all accounts, and cover 1 to the last serial without a gap

    Scenario: two accounts claim the same serials
      Given the opening gives "E1" serials 1-100 of CEA-2023
      And the opening gives "E2" serials 50-120 of CEA-2023
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "opening.holdings[1]: serials 50–120 of CEA-2023 overlap 1–100 in opening.holdings[0]"

    Scenario: the same serial numbers in two instruments do not clash
      Given the opening declares CEA-2022
      And the opening gives "E1" serials 1-100 of CEA-2023
      And the opening gives "E2" serials 1-100 of CEA-2022
      When the genesis is built
      Then the genesis is accepted
      And the supply of CEA-2022 balances

    Scenario Outline: a gap in the serials is refused
      Given the opening gives "E1" serials 1-100 of CEA-2023
      And the opening gives "E2" serials <first>-200 of CEA-2023
      When the genesis is built
      Then the genesis <outcome>

      Examples:
        | first | outcome                                                                                      |
        | 100   | is refused with "invalid_field" saying "serials 100–200 of CEA-2023 overlap 1–100"          |
        | 101   | is accepted                                                                                  |
        | 102   | is refused with "invalid_field" saying "opening.holdings[1]: serials 101–101 of CEA-2023 are in no holding" |

  Rule: a holding keeps its sub-state; a terminal account holds only available units

    Scenario: frozen opening units stay frozen
      Given the opening gives "E1" serials 1-60 of CEA-2023
      And the opening gives "E1" serials 61-100 of CEA-2023 frozen
      When the genesis is built
      Then the genesis is accepted
      And "E1" holds 60 t available and 40 t frozen of CEA-2023
      And the supply of CEA-2023 balances

    Scenario Outline: a sub-state the account cannot have
      Given the opening gives "<account>" serials 1-10 of CEA-2023 <sub>
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "<message>"

      Examples:
        | account   | sub     | message                                                                        |
        | E1        | on_hold | is not one of available, frozen, pending_surrender, pending_cancellation       |
        | CANCELLED | frozen  | opening.holdings[0]: sub_state 'frozen' of CANCELLED is not one of available   |

  Rule: past cycles and obligations are the ledger's own records

    Scenario: the 2023 cycle and an entity's 2023 record are brought in
      Given the opening gives "E1" serials 1-1000 of CEA-2023
      And the opening sets the 2023 cycle with deadline "2024-12-31T23:59:59+08:00" and eligible vintages CEA-2023
      And the opening records "E1" with verified emissions of 1200 t for 2023
      When the genesis is built
      Then the genesis is accepted
      And cycle 2023 has deadline "2024-12-31T23:59:59+08:00", eligible vintages CEA-2023 and pre_allocation_bp 7000
      And the 2023 record of "E1" has verified 1200 t in province "11"

    Scenario: a cycle may not name a later vintage (no borrowing)
      Given the opening declares CEA-2024
      And the opening sets the 2023 cycle with deadline "2024-12-31T23:59:59+08:00" and eligible vintages CEA-2023,CEA-2024
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "opening.cycles[0]: eligible vintage CEA-2024 has vintage 2024 > cycle year 2023"

    Scenario: a cycle may name only declared vintages
      Given the opening sets the 2023 cycle with deadline "2024-12-31T23:59:59+08:00" and eligible vintages CEA-2022
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "eligible vintage CEA-2022 is not among the opening instruments"

    Scenario: one record per entity and year
      Given the opening records "E1" with verified emissions of 1200 t for 2023
      And the opening records "E1" with verified emissions of 1300 t for 2023
      When the genesis is built
      Then the genesis is refused with "invalid_field" saying "has a second obligation record for 2023"

    Scenario Outline: an obligation's figures are whole tonnes, none negative
      Given the opening records "E1" with verified emissions of <verified> t for 2023
      When the genesis is built
      Then the genesis <outcome>

      Examples:
        | verified | outcome                                                                       |
        | -1       | is refused with "invalid_field" saying "verified must be an integer from 0"   |
        | 0        | is accepted                                                                   |
        | 1        | is accepted                                                                   |

  Rule: what a year's records count as handed in is what SURRENDERED-<year> holds

    Scenario Outline: the surrendered account and the records agree
      Given the opening gives "E1" serials 1-1000 of CEA-2023
      And the opening gives "SURRENDERED-2023" serials 1001-<last> of CEA-2023
      And the opening records "E1" with verified emissions of 1200 t for 2023 and 500 t surrendered
      When the genesis is built
      Then the genesis <outcome>

      Examples:
        | last | outcome                                                                                                |
        | 1499 | is refused with "invalid_field" saying "opening.obligations[0]: SURRENDERED-2023 holds 499 t ≠ 500 t handed in" |
        | 1500 | is accepted                                                                                            |
        | 1501 | is refused with "invalid_field" saying "SURRENDERED-2023 holds 501 t ≠ 500 t handed in"                 |

    Scenario: a year without records may keep its surrendered units
      Given the opening gives "SURRENDERED-2022" serials 1-10 of CEA-2023
      When the genesis is built
      Then the genesis is accepted

  Rule: migrated units behave like any others, and supply balances from block 1

    Scenario: an entity surrenders opening units in block 1
      Given the opening gives "E1" serials 1-1000 of CEA-2023
      And the opening gives "SURRENDERED-2023" serials 1001-1500 of CEA-2023
      And the opening sets the 2023 cycle with deadline "2024-12-31T23:59:59+08:00" and eligible vintages CEA-2023
      And the opening records "E1" with verified emissions of 1200 t for 2023 and 500 t surrendered
      And the genesis is built
      When "E1" surrenders 700 t of CEA-2023 for 2023
      Then the transaction succeeds
      And "SURRENDERED-2023" holds 1200 t of CEA-2023
      And the 2023 record of "E1" has surrendered 1200 t
      And the supply of CEA-2023 balances
