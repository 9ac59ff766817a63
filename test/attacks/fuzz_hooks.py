# Values for the custom formats the API's OpenAPI document declares, so the fuzzer can build
# requests the API accepts: a unified social credit code carries two check characters
# (GB 32100-2015) that no pattern can state.
import schemathesis
from hypothesis import strategies as st

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_code_check(body: str) -> str:
    total = sum(int(ch, 36) * weight for ch, weight in zip(body, ORG_CODE_WEIGHTS))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def uscc_check(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first17, USCC_WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


@st.composite
def usccs(draw) -> str:
    head = draw(st.text(ALPHABET, min_size=2, max_size=2))
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    org_code = draw(st.text(ALPHABET, min_size=8, max_size=8))
    first17 = head + region + org_code + org_code_check(org_code)
    return first17 + uscc_check(first17)


schemathesis.openapi.format("uscc", usccs())
