Feature: Cancel allowances or CCER voluntarily (自愿注销), for a purpose, with a public certificate
  - A holder signs the cancellation of its own units, naming a purpose, a beneficiary and a reason (at most 512 characters).
  - The purpose is local_ets_offset, large_event_neutrality, company_offset or public_interest; national_ets_offset is reserved for a surrender's offset, fraud_remedy for the owner of a project under an open fraud order (purpose_reserved).
  - Every cancellation, of CEA or CCER, writes its public certificate: transaction, account, instrument, project, serial ranges, amount, purpose, beneficiary, reason; and emits it as an event.
  - Units of a project under an open fraud order cannot be cancelled (units_suspended), except by the owner for fraud_remedy, which counts toward the order; the order is fulfilled once the owner cancelled its amount, and the units move again. A fraud remedy cannot exceed what the order still asks.
  - Only units held and available (frozen units are not); lowest serials first unless ranges are named.
  - An account that may not send (restricted, closed) cannot cancel.
  - The units move to the terminal account CANCELLED, publicly and for good: they never move again.

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And "E1" holds 100 t of CEA-2024

  Rule: the holder signs its own cancellation

    Scenario: the holder cancels for a beneficiary
      When "E1" cancels 30 t of CEA-2024 for "北京冬奥会碳中和", signed by "E1"
      Then the transaction succeeds
      And "CANCELLED" holds serials 1-30 of CEA-2024
      And "E1" holds serials 31-100 of CEA-2024
      And the move to CANCELLED names beneficiary "北京冬奥会碳中和" and its reason

    Scenario: another participant cannot cancel the holder's units
      When "E1" cancels 30 t of CEA-2024 for "北京冬奥会碳中和", signed by "E2"
      Then the transaction fails with "unauthorized"

  Rule: a cancellation names its beneficiary and reason

    Scenario: a cancellation without a beneficiary is refused
      When "E1" cancels 30 t of CEA-2024 for "", signed by "E1"
      Then the transaction fails with "invalid_field"

  Rule: only units held and available can be cancelled

    Scenario Outline: a cancellation at the edge of the holding
      When "E1" cancels <amount> t of CEA-2024 for "公益", signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

    Scenario: the holder cancels the serials it names
      When "E1" cancels serials 41-50 of CEA-2024 for "公益", signed by "E1"
      Then the transaction succeeds
      And "CANCELLED" holds serials 41-50 of CEA-2024

    Scenario: serials the holder does not hold cannot be cancelled
      When "E1" cancels serials 91-110 of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "range_not_held"

    Scenario: frozen units cannot be cancelled
      Given a court freezes 80 t of CEA-2024 of "E1"
      When "E1" cancels 21 t of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "insufficient_holding"

  Rule: an account that may not send cannot cancel

    Scenario: a restricted account cannot cancel
      Given the registry sets "E1" to restricted
      When "E1" cancels 10 t of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "account_restricted"

  Rule: cancelled units never move again

    Scenario: the units not cancelled still move
      Given "E1" cancels serials 1-30 of CEA-2024 for "公益", signed by "E1"
      When "E1" transfers serials 31-40 of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction succeeds

    Scenario: the former holder cannot transfer cancelled serials
      Given "E1" cancels serials 1-30 of CEA-2024 for "公益", signed by "E1"
      When "E1" transfers serials 1-30 of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction fails with "range_not_held"

    Scenario: not even the exchange can move units out of CANCELLED
      Given "E1" cancels serials 1-30 of CEA-2024 for "公益", signed by "E1"
      When "CANCELLED" transfers serials 1-30 of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction fails with "not_found"

  Rule: a cancellation states one of the holder's purposes

    Scenario Outline: the purposes a holder may name
      When "E1" cancels 10 t of CEA-2024 as <purpose> for "公益", signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | purpose                | code             |
        | local_ets_offset       | ok               |
        | large_event_neutrality | ok               |
        | company_offset         | ok               |
        | public_interest        | ok               |
        | national_ets_offset    | purpose_reserved |
        | fraud_remedy           | purpose_reserved |
        | carbon_neutrality      | invalid_field    |

  Rule: the reason has at most 512 characters

    Scenario Outline: a reason at the edge of its length
      When "E1" cancels 10 t of CEA-2024 for "公益" with a reason of <length> characters, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | length | code          |
        | 511    | ok            |
        | 512    | ok            |
        | 513    | invalid_field |

  Rule: every cancellation writes its public certificate

    Scenario: a cancellation of allowances gets a certificate without a project
      When "E1" cancels serials 41-50 of CEA-2024 as company_offset for "某某公司", signed by "E1"
      Then the transaction succeeds
      And the certificate records "E1", CEA-2024, serials 41-50, 10 t, purpose company_offset
      And the certificate names beneficiary "某某公司" and reason "自愿注销，用于碳中和"

    Scenario: a cancellation of CCER gets a certificate naming its project
      Given project "P-WIND-01" of "O1" is registered
      And "E1" holds 100 t of the 2022 CCER of project "P-WIND-01"
      When "E1" cancels 25 t of CCER-P-WIND-01-2022 as large_event_neutrality for "杭州亚运会", signed by "E1"
      Then the transaction succeeds
      And "E1" holds 75 t of CCER-P-WIND-01-2022
      And the certificate records "E1", CCER-P-WIND-01-2022, serials 1-25, 25 t, purpose large_event_neutrality
      And the certificate names beneficiary "杭州亚运会" and reason "自愿注销，用于碳中和"

    Scenario: a refused cancellation writes no certificate
      When "E1" cancels 101 t of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "insufficient_holding"
      And no certificate is written

  Rule: units of a project under an open fraud order cannot be cancelled, except by its owner's fraud remedy

    Background:
      Given the block time is "2026-03-02T10:00:00+08:00"
      And project "P-WIND-01" of "O1" is registered
      And project "P-SOLAR-02" of "O2" is registered
      And "O1" holds 100 t of the 2022 CCER of project "P-WIND-01"
      And "E1" holds 50 t of the 2022 CCER of project "P-WIND-01"
      And "E1" holds 50 t of the 2023 CCER of project "P-SOLAR-02"
      And the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"

    Scenario: another holder cannot cancel the project's units
      When "E1" cancels 10 t of CCER-P-WIND-01-2022 for "公益", signed by "E1"
      Then the transaction fails with "units_suspended"

    Scenario: another holder cannot cancel them as a fraud remedy either
      When "E1" cancels 10 t of CCER-P-WIND-01-2022 as fraud_remedy for "公益", signed by "E1"
      Then the transaction fails with "units_suspended"

    Scenario: the owner cannot cancel them for another purpose
      When "O1" cancels 10 t of CCER-P-WIND-01-2022 as public_interest for "公益", signed by "O1"
      Then the transaction fails with "units_suspended"

    Scenario: another project's units can still be cancelled
      When "E1" cancels 10 t of CCER-P-SOLAR-02-2023 for "公益", signed by "E1"
      Then the transaction succeeds

    Scenario: a holder without a fraud order cannot name fraud_remedy
      When "E1" cancels 10 t of CCER-P-SOLAR-02-2023 as fraud_remedy for "公益", signed by "E1"
      Then the transaction fails with "purpose_reserved"

    Scenario: the owner's fraud remedy counts toward the order, which stays open
      When "O1" cancels 40 t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      Then the transaction succeeds
      And the certificate records "O1", CCER-P-WIND-01-2022, serials 1-40, 40 t, purpose fraud_remedy
      And the fraud order on project "P-WIND-01" is open with 40 t cancelled by the owner

    Scenario Outline: a fraud remedy at the edge of what the order still asks
      Given "O1" cancels 20 t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      When "O1" cancels <amount> t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code               |
        | 39     | ok                 |
        | 40     | ok                 |
        | 41     | exceeds_obligation |

    Scenario: the order is fulfilled when the owner has cancelled its amount, and the units move again
      Given "O1" cancels 20 t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      When "O1" cancels 40 t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      Then the transaction succeeds
      And the fraud order on project "P-WIND-01" is fulfilled with 60 t cancelled by the owner
      When "E1" cancels 10 t of CCER-P-WIND-01-2022 for "公益", signed by "E1"
      Then the transaction succeeds

    Scenario: a fulfilled order takes no more fraud remedies
      Given "O1" cancels 60 t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      When "O1" cancels 10 t of CCER-P-WIND-01-2022 as fraud_remedy for "公众", signed by "O1"
      Then the transaction fails with "purpose_reserved"

    Scenario: the owner may remedy with other CCER it holds
      Given "O1" holds 30 t of the 2023 CCER of project "P-SOLAR-02"
      When "O1" cancels 30 t of CCER-P-SOLAR-02-2023 as fraud_remedy for "公众", signed by "O1"
      Then the transaction succeeds
      And the fraud order on project "P-WIND-01" is open with 30 t cancelled by the owner

    Scenario: allowances are no fraud remedy
      Given "O1" holds 30 t of CEA-2024
      When "O1" cancels 10 t of CEA-2024 as fraud_remedy for "公众", signed by "O1"
      Then the transaction fails with "purpose_reserved"
