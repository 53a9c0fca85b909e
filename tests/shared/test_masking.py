import pytest

from shared.masking import mask_account, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("masker", "value", "masked"),
    [
        (mask_phone, "13812345678", "138****5678"),
        (mask_id_number, "310101199001011234", "3101**********1234"),
        (mask_account, "310000000001", "********0001"),
        (mask_name, "王小明", "王*明"),
        (mask_name, "李娜", "李*"),
        (mask_phone, "12345", "*****"),
    ],
)
def test_masking_keeps_only_what_identifies_nobody(masker, value, masked) -> None:
    assert masker(value) == masked
