using System.Numerics;
using Contracts.Chain.Transactions;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Nethereum.Model;
using Nethereum.Signer;
using TransactionType = Contracts.Execution.Transactions.TransactionType;

namespace Contracts.Chain.Tests;

public class TransactionEncodingTests
{
    private static readonly Address To = Address.FromHex("0x3535353535353535353535353535353535353535");

    [Fact]
    public void Eip155_example_from_the_eip_signs_to_the_published_encoding()
    {
        // EIP-155's worked example: nonce 9, gas price 20 gwei, gas 21000, to 0x3535…, value 1 ether, chain id 1.
        var key = Convert.FromHexString("4646464646464646464646464646464646464646464646464646464646464646");
        var unsigned = new UnsignedTransaction
        {
            Type = TransactionType.Legacy, ChainId = 1, Nonce = 9, GasPrice = 20_000_000_000, GasLimit = 21_000, To = To,
            Value = UInt256.FromBigInteger(BigInteger.Parse("1000000000000000000")),
        };
        Assert.Equal("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Hex(TransactionEncoding.SigningHash(unsigned).ToArray()));
        var signed = TransactionSigner.Sign(unsigned, key);
        Assert.Equal(
            "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            Hex(signed.Encoded.ToArray()));
        Assert.Equal(Address.FromHex("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"), SenderRecovery.Recover(TransactionEncoding.Decode(signed.Encoded.Span)));
    }

    [Theory]
    [InlineData(TransactionType.Legacy, true)]
    [InlineData(TransactionType.Legacy, false)]
    [InlineData(TransactionType.DynamicFee, true)]
    public void Sign_encode_decode_recover_round_trips(TransactionType type, bool toAccount)
    {
        var unsigned = new UnsignedTransaction
        {
            Type = type, ChainId = 31337, Nonce = 7, GasPrice = type == TransactionType.Legacy ? (UInt256)5ul : (UInt256)0ul, MaxFeePerGas = type == TransactionType.Legacy ? (UInt256)0ul : (UInt256)1_000_000_007ul,
            MaxPriorityFeePerGas = type == TransactionType.Legacy ? (UInt256)0ul : (UInt256)3ul, GasLimit = 100_000, To = toAccount ? To : null, Value = 12345, Data = new byte[] { 1, 2, 3, 0, 0x80 },
            AccessList = type == TransactionType.Legacy ? [] : [new AccessListEntry(To, [Hash256.FromHex("0x" + new string('1', 64))])],
        };
        var signed = TransactionSigner.Sign(unsigned, TestChain.Keys[1]);
        var decoded = TransactionEncoding.Decode(signed.Encoded.Span);
        Assert.Equal(unsigned, decoded.Unsigned);
        Assert.Equal(signed.Hash, decoded.Hash);
        Assert.Equal(signed.Signature, decoded.Signature);
        Assert.Equal(TestChain.Accounts[1], SenderRecovery.Recover(decoded));
        Assert.True(Contracts.Execution.Crypto.Secp256k1.IsLowS(RS(decoded.Signature)));
    }

    [Theory]
    [InlineData(TransactionType.Legacy, 1ul, 0)]
    [InlineData(TransactionType.Legacy, 31337ul, 5)]
    [InlineData(TransactionType.Legacy, 0ul, 0)]
    [InlineData(TransactionType.Legacy, null, 3)]
    [InlineData(TransactionType.Legacy, 0xFFFF_FFFF_FFFFul, 600)]
    [InlineData(TransactionType.DynamicFee, 31337ul, 0)]
    [InlineData(TransactionType.DynamicFee, 0ul, 55)]
    [InlineData(TransactionType.DynamicFee, 0x1_0000_0000ul, 70_000)]
    public void Decoded_signing_hash_hashed_from_the_encoding_equals_the_re_encoded_fields(TransactionType type, ulong? chainId, int dataLength)
    {
        // A decoded transaction's signing hash is hashed from the signed fields' bytes in its encoding; it must be what
        // re-encoding those fields gives (and what the signer signed), for short and long lists and payloads.
        var data = Enumerable.Range(0, dataLength).Select(i => (byte)(i * 7)).ToArray();
        var unsigned = new UnsignedTransaction
        {
            Type = type, ChainId = chainId, Nonce = dataLength == 0 ? 0ul : 1ul << 40, GasPrice = type == TransactionType.Legacy ? (UInt256)5ul : (UInt256)0ul,
            MaxFeePerGas = type == TransactionType.Legacy ? (UInt256)0ul : UInt256.FromBigInteger(BigInteger.Pow(2, 200)), MaxPriorityFeePerGas = 0ul,
            GasLimit = 3_000_000, To = dataLength % 2 == 0 ? To : null, Value = (ulong)dataLength, Data = data,
            AccessList = type == TransactionType.Legacy ? [] : [new AccessListEntry(To, [Hash256.FromHex("0x" + new string('2', 64)), Hash256.Zero]), new AccessListEntry(Address.Zero, [])],
        };
        var signed = TransactionSigner.Sign(unsigned, TestChain.Keys[2]);
        var decoded = TransactionEncoding.Decode(signed.Encoded.Span);
        Assert.Equal(TransactionEncoding.SigningHash(unsigned), decoded.SigningHash);
        Assert.Equal(signed.SigningHash, decoded.SigningHash);
        Assert.Equal(TestChain.Accounts[2], SenderRecovery.Recover(decoded));
    }

    [Fact]
    public void Pre_eip155_legacy_transaction_round_trips_with_v_27_or_28()
    {
        var unsigned = TestChain.Unsigned(To, 1, 0, 21_000, [], TransactionType.Legacy) with { ChainId = null };
        var signed = TransactionSigner.Sign(unsigned, TestChain.Keys[0]);
        var decoded = TransactionEncoding.Decode(signed.Encoded.Span);
        Assert.Null(decoded.ChainId);
        Assert.Equal(TestChain.Accounts[0], SenderRecovery.Recover(decoded));
    }

    [Fact]
    public void Nethereum_signs_we_decode_and_recover()
    {
        string keyHex = Convert.ToHexString(TestChain.Keys[2]);
        var legacyHex = new LegacyTransactionSigner().SignTransaction(keyHex, new BigInteger(31337), To.ToString(), new BigInteger(99), new BigInteger(3),
            new BigInteger(2_000_000_000), new BigInteger(50_000), "0xdeadbeef");
        var legacy = TransactionEncoding.Decode(Convert.FromHexString(legacyHex.Replace("0x", "")));
        Assert.Equal(TestChain.Accounts[2], SenderRecovery.Recover(legacy));
        Assert.Equal((ulong)31337, legacy.ChainId);
        Assert.Equal(3ul, legacy.Nonce);
        Assert.Equal(Convert.FromHexString(legacyHex.Replace("0x", "")), legacy.Encoded.ToArray());

        var tx1559 = new Transaction1559(31337, 4, 2, 3_000_000_000, 60_000, To.ToString(), 77, "0x0102",
            [new AccessListItem(To.ToString(), [new byte[32]])]);
        var dynamicHex = new Transaction1559Signer().SignTransaction(keyHex, tx1559);
        var dynamic = TransactionEncoding.Decode(Convert.FromHexString(dynamicHex.Replace("0x", "")));
        Assert.Equal(TestChain.Accounts[2], SenderRecovery.Recover(dynamic));
        Assert.Equal(TransactionType.DynamicFee, dynamic.Type);
        Assert.Single(dynamic.Unsigned.AccessList);
        Assert.Equal(Convert.FromHexString(dynamicHex.Replace("0x", "")), dynamic.Encoded.ToArray());
        // Nethereum's own hash of the signed transaction is ours.
        var theirs = TransactionFactory.CreateTransaction(dynamicHex);
        Assert.Equal(Hex(dynamic.Hash.ToArray()), Hex(new Nethereum.Util.Sha3Keccack().CalculateHash(theirs.GetRLPEncoded())));
    }

    [Theory]
    [InlineData(TransactionType.Legacy)]
    [InlineData(TransactionType.DynamicFee)]
    public void We_sign_Nethereum_recovers_the_same_sender_and_fields(TransactionType type)
    {
        var signed = TestChain.Send(0, To, [9, 8, 7], 11, 70_000);
        if (type == TransactionType.Legacy) signed = TestChain.Transfer(0, To, 5, 11, 21_000, TransactionType.Legacy);
        string hex = "0x" + Convert.ToHexString(signed.Encoded.Span).ToLowerInvariant();
        var theirs = TransactionFactory.CreateTransaction(hex);
        Assert.Equal(TestChain.Accounts[0].ToString(), theirs.GetSenderAddress(), ignoreCase: true);
        Assert.Equal(signed.Encoded.ToArray(), theirs.GetRLPEncoded());
    }

    [Fact]
    public void High_s_signature_is_an_invalid_sender()
    {
        var signed = TestChain.Transfer(0, To, 1, 0);
        // n − s with the other parity is the same point: valid for ecrecover, refused for transactions (EIP-2).
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var highS = UInt256.FromBigInteger(n - signed.Signature.S.ToBigInteger());
        var forged = new TransactionSignature((byte)(1 - signed.Signature.YParity), signed.Signature.R, highS);
        var decoded = TransactionEncoding.Decode(TransactionEncoding.Encode(signed.Unsigned, forged));
        Assert.False(SenderRecovery.TryRecover(decoded, out _));
        Assert.Null(SenderRecovery.RecoverAll([decoded])[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01c0")]
    [InlineData("02c0")]
    [InlineData("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d8300")]
    [InlineData("f86b098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d")]
    public void Malformed_encodings_are_format_errors(string hex)
    {
        Assert.ThrowsAny<FormatException>(() => TransactionEncoding.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Parallel_recovery_matches_sequential_for_any_thread_count()
    {
        var transactions = Enumerable.Range(0, 100).Select(i => TestChain.Transfer(i % 3, To, (ulong)i, (ulong)i)).ToArray();
        var fresh = () => transactions.Select(t => TransactionEncoding.Decode(t.Encoded.Span)).ToArray();
        var one = SenderRecovery.RecoverAll(fresh(), 1);
        var many = SenderRecovery.RecoverAll(fresh(), 8);
        Assert.Equal(one, many);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (Address?)TestChain.Accounts[i % 3]), one);
    }

    private static byte[] RS(TransactionSignature signature)
    {
        var rs = new byte[64];
        signature.WriteRS(rs);
        return rs;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
