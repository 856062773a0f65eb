/* Rules across payloads: certificate references and contents, MCX
 * preferences, settings that depend on other settings. The certificates
 * are test certificates valid until 2099 (except the expired and future
 * ones); the PKCS#12 files are protected with "device-asks" (AES) and
 * "legacy-pass" (RC2-40, as Keychain Access exports them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pkcs12.h>

#include "harness.h"
#include "rules/cert.h"

#define B64_LEAF_DER                                                             \
  "MIIBazCCARGgAwIBAgICA+owCgYIKoZIzj0EAwIwMTEVMBMGA1UECgwMRXhhbXBsZSBDb3JwMRgw" \
  "FgYDVQQDDA9FeGFtcGxlIFJvb3QgQ0EwIBcNMjQwMTAxMDAwMDAwWhgPMjA5OTEyMzEwMDAwMDBa" \
  "MDgxFTATBgNVBAoMDEV4YW1wbGUgQ29ycDEfMB0GA1UEAwwWdnBuLWNsaWVudC5leGFtcGxlLmNv" \
  "bTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMpDngW6/Jg4wJYUBaDj8tFKzOJq6Kw1i+J3MNb1" \
  "h/r7wZTHMpv1hOm8JQAUdh7YTSzxkD0DQOAnnzqEA7R0neCjEDAOMAwGA1UdEwEB/wQCMAAwCgYI" \
  "KoZIzj0EAwIDSAAwRQIgF69GWuv33vej7xWvjmPw6DOK/NVFf/tkTw3wd3FufeECIQCXnOo8MC3M" \
  "PPw26ruyO2rnc1mOm5dgAEu5MnxLmFYiaQ=="                                         \
  ""
#define B64_CA_DER                                                               \
  "MIIBZzCCAQ2gAwIBAgICA+kwCgYIKoZIzj0EAwIwMTEVMBMGA1UECgwMRXhhbXBsZSBDb3JwMRgw" \
  "FgYDVQQDDA9FeGFtcGxlIFJvb3QgQ0EwIBcNMjQwMTAxMDAwMDAwWhgPMjA5OTEyMzEwMDAwMDBa" \
  "MDExFTATBgNVBAoMDEV4YW1wbGUgQ29ycDEYMBYGA1UEAwwPRXhhbXBsZSBSb290IENBMFkwEwYH" \
  "KoZIzj0CAQYIKoZIzj0DAQcDQgAEM+hEoGr2I5bVwAl9CJCNPU8xS4FYsXW+K4tKzb5CNuo7QGXp" \
  "Mba6RBxpPGl5n69hX9LvV+sMg5oiEtdixKpFyaMTMBEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjO" \
  "PQQDAgNIADBFAiBxMm1NsY99yZCXnqeN4WniluBE1oIX/buOWaNXDQtcfAIhAJ6zQUyCUZkSxjnS" \
  "S7owr4dF1x02pXjhH+b3ac3n1V8T"                                                 \
  ""
#define B64_EXPIRED_DER                                                          \
  "MIIBZjCCAQygAwIBAgICA+wwCgYIKoZIzj0EAwIwMTEVMBMGA1UECgwMRXhhbXBsZSBDb3JwMRgw" \
  "FgYDVQQDDA9FeGFtcGxlIFJvb3QgQ0EwHhcNMTUwMzAxMDAwMDAwWhcNMTYwMzAxMDAwMDAwWjA1" \
  "MRUwEwYDVQQKDAxFeGFtcGxlIENvcnAxHDAaBgNVBAMME29sZC12cG4uZXhhbXBsZS5jb20wWTAT" \
  "BgcqhkjOPQIBBggqhkjOPQMBBwNCAAQTe8LvpRy/8MXPMAEyW1qXFXTq2gr7sA43Ly9S5ryZq04a" \
  "sluLJIBacKVx+6at3SmhK8L5NmKDC0nVefblAPkWoxAwDjAMBgNVHRMBAf8EAjAAMAoGCCqGSM49" \
  "BAMCA0gAMEUCIGR7uxv5VOsZzlFF0c+kAr7bCM4ZCorNpt567fNvGC0xAiEAt1DoF2B1YT5muwU1" \
  "OvH1V4asdVO8UU9UzIKTNm+pE/c="                                                 \
  ""
#define B64_FUTURE_PEM                                                           \
  "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJiRENDQVJHZ0F3SUJBZ0lDQSswd0NnWUlL" \
  "b1pJemowRUF3SXdNVEVWTUJNR0ExVUVDZ3dNUlhoaGJYQnMKWlNCRGIzSndNUmd3RmdZRFZRUURE" \
  "QTlGZUdGdGNHeGxJRkp2YjNRZ1EwRXdJaGdQTWpBNU9EQXhNREV3TURBdwpNREJhR0E4eU1EazVN" \
  "REV3TVRBd01EQXdNRm93TmpFVk1CTUdBMVVFQ2d3TVJYaGhiWEJzWlNCRGIzSndNUjB3Ckd3WURW" \
  "UVFEREJSdVpYaDBMWFp3Ymk1bGVHRnRjR3hsTG1OdmJUQlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NN" \
  "NDkKQXdFSEEwSUFCRWFkWWhabU9ZN2xKUjZCTk5yU05nZGtick04ZHI0UVhmWVpJMlpoYktQUW9V" \
  "RWoxejdyUm0xWQplN0hpallCRTZGWTR2R0toVUU0V1ZBS2orNGlwd3QyakVEQU9NQXdHQTFVZEV3" \
  "RUIvd1FDTUFBd0NnWUlLb1pJCnpqMEVBd0lEU1FBd1JnSWhBSjJSQmYzcXBFWGhDYVlnYUl4cXQ0" \
  "TWdRRXIxTkxJcWlzdzJMdkszcDh2U0FpRUEKeUptVDNFaXdhUDhoaWZ0bnY3Q2NlZkgzdWgzSWp6" \
  "c3h0bS95c1gvdVVwVT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="                     \
  ""
#define B64_P12                                                                  \
  "MIIF8QIBAzCCBacGCSqGSIb3DQEHAaCCBZgEggWUMIIFkDCCBBoGCSqGSIb3DQEHBqCCBAswggQH" \
  "AgEAMIIEAAYJKoZIhvcNAQcBMF8GCSqGSIb3DQEFDTBSMDEGCSqGSIb3DQEFDDAkBBCD3NtFlgPk" \
  "whwaD6xyWioFAgJOIDAMBggqhkiG9w0CCQUAMB0GCWCGSAFlAwQBKgQQ/kPwKkuG5QFna+XhMQoF" \
  "nICCA5B82dw/Yjud9xQuxLS0wOTOQ1FxN720V+eVg8cjA5dPBuPVD3I5RcDJ0YRvpGn54zrM1KQb" \
  "XbEM8TOzgVE/5op++R3nRpSjsjh4L41VC2HsNchsd15VXuqdE4rhRgDO8//2+DXgwHYHiH5bVh5Q" \
  "ATOyFGY0JlqzMSaWKjPnkqUPIfhu24hJZhQ+/3pbgD1qKpQEABkniG988REu3qvbagZNMBMd0Sty" \
  "oakm/TqEMt8FyAHHNSVdRaifo9iCRt2M91QLZ/iLxULnjLHYkZZ1BAt5u4zASrgxT3jsKDssJGI2" \
  "9eu1RYrN61f11I+ZRtmVMf2gyJ2jqVgAY7KbDL7UDDfQ2USBxSy02WCoVbr3CO4uHGoxB7Fx7PsM" \
  "h4MCwLWGn4+s9ia1IJGO8hKagoG2PCOwtKuyX7rXmhdZCUnGDW5+NYDXLu1jEpHYnYwCwhqLG7Wv" \
  "nIUPmzujLZhPLq1lo+jXVdgwttjXSNh2DE7C/qTg9ypnUAlZQ4MI8XjOA3+yWpRuSTXTLOWDLMic" \
  "RKm+l8tK31bm3omUK1wIYfxXDnExbEVaYfKCRNISAH66aaTRqDREo9O9lIkKVh4sj3U2SWMmwQTV" \
  "TNqtOx8q4gx4qktEnuOnDBYjnbfx3rQeSC9YqlqleVj/GEZHx3JlfYg0gGxck41px92UbT7SmglY" \
  "P2UtvDblbvjbsx0urgWKnhdtki3HCo0QH54QCJdmCeeU3N7XxKErP5hE48Lm2VscTCuGSo5R2Z7K" \
  "cbseO10YQSa2pXFSTXROKgn1lSnIp4dv2/xB2mQ2u19cbg3hsPgdUnmflYKTj5m84BQXE0K97Axe" \
  "9OxKSuKuY/SAU+P3DFEZx/wCGWTy+OH+c/t8G+bPWdn61ct4Yn5RRL6BDeaxh2qelCFZaETM87fy" \
  "ZmeJ4WeusV6z82YNHItbjsU03+ba1pBywQlI4DPNn6bGH31O3AXI9EGdspXIH5YBlkBKUFOmg0As" \
  "NUGzddnLLj5RWCrnKINppRxV8IE0tJLp3LwrCd79OjSqP9s6uJ4GVlRQKRh75CqqMXmZR/h99JQY" \
  "eczhbgQx3lUitC29czo1Dgw6Ad6WXd0YvcI3WqV6kRjtwaIyB+VU7WtkOXUW+Ba4SLoTDGdQ+5dk" \
  "zSjdW+UbpDXmx4x/ar9j6w+dnBHnlS0fqvA6C3zCq08RbQuSQj/SIZm6NzUR0BFdimRiQGM5EhDg" \
  "XPKNQMswggFuBgkqhkiG9w0BBwGgggFfBIIBWzCCAVcwggFTBgsqhkiG9w0BDAoBAqCB9zCB9DBf" \
  "BgkqhkiG9w0BBQ0wUjAxBgkqhkiG9w0BBQwwJAQQGhbGxDjteTgpKwy8/mxSJwICTiAwDAYIKoZI" \
  "hvcNAgkFADAdBglghkgBZQMEASoEEN1H+FTT1YtjzJ4aF7BwdfgEgZAwkkigzNnXJhBxwR3HPVXp" \
  "0XJS0yVGBjHXgLJ/jn+5xQALNESLZBbWyUI/dJS78QJWOfKnH4BwEFMa8QBWDDoHmCtRJmA27Xpk" \
  "WO+/t9460MvIWyzfIECHIJR0PzLD47F2ChbdgECP/TMjsFLUDtn5Bl9IRdDzA3Vq/t8FyL+Gd3Fl" \
  "gvlsL32NQb3Qi6lkUq4xSjAjBgkqhkiG9w0BCRQxFh4UAHYAcABuAC0AYwBsAGkAZQBuAHQwIwYJ" \
  "KoZIhvcNAQkVMRYEFArp2NTZDa8k1y90+63tQxf3MPhkMEEwMTANBglghkgBZQMEAgEFAAQgln0C" \
  "rZSscjObI8VUzv+YIOyaCVjqxjOIMT5Arabx/SAECCa2p5xVfqouAgIIAA=="                 \
  ""
/* A PKCS#12 file whose key derivation asks for 100,001 rounds (made once
 * with a throwaway key: openssl pkcs12 -export -iter 100001 -maciter). */
#define B64_P12_COSTLY \
  "MIIGogIBAzCCBlcGCSqGSIb3DQEHAaCCBkgEggZEMIIGQDCCAwMGCSqGSIb3DQEHBqCCAvQw" \
  "ggLwAgEAMIIC6QYJKoZIhvcNAQcBMFgGCSqGSIb3DQEFDTBLMCoGCSqGSIb3DQEFDDAdBAgR" \
  "MJJF6jVLfwIDAYahMAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBCrzY1oXe6eOmzmDOGA" \
  "AJvegIICgLsh+s92TyW6Eqy+KHxtg+UICDlXVvBDJOS0qu8CoikP6e/a6mDzn/es7qn/nKh+" \
  "fz/NuBC/gylThZ3dQOWu+gv3wYsc7NlC7hv+LjWZjP3FrJtHUbzk4vZ5BZU3RavOvKoGGKzn" \
  "vzwRfZWfyz2HDv3jArNuRyI7Dg14Z9m4VhuUD1U0TP4jH/u1NuG1Qgs+X7MeYRTfm9xAdgbs" \
  "8wYD/nDjbiVhALvEXpcEFJNSFLLhBtHsmzeWU1yUhdlk8zNQpycAT/jKQvYQupHTaiMHHd66" \
  "sARoFQweHFF/I3Ek32exFpqSfldgLDspptPAp34kaJn1CUA36eQHm9IOzR/XRhGeH9JyEtqI" \
  "5L4SkXaT4Rv6/NaDntKzkkdZsidXCOQ5tQjZhCEhCjN+nfIYw9XHjShfkPodmh/+k30el3TN" \
  "/ekjN/dhvrWgfBBR6CX3DAetnZMELqy47VpM9y99q/VPtI1vWr4RLGyRrqmss+iEwc+UT23Q" \
  "Tk2U4F25saMHwic/c028y+2EITYWZuXnhWhjqUf4hwt4hMu0VswqrGTpUXUgd2HxlW+OhZtI" \
  "s19hBMYWqDawu0CIPSUK03DQrFXO5FeE2WQta6VFp0XJwKuhJI2dM9VAsr0D+JvcMHctBy56" \
  "G0oMU4GY3Vep43ImlpQX84xXDk17+0Ld1bQKBX8nylVqUdKHkNGD3GJMX65CQjsChnYkl2ro" \
  "kvM0KwwBrELlsG13KgV3X/HxT/ihV/Fv+NFWwXAX0jHyeSbbdMbPJ1We9KwOyCNTp5heoXI4" \
  "b8dpN2T7JGFcIJZ7MiwiwnASJMOvMidun0oRWUa0x1Qg6T4fvRgmNLAjqKhVoG/cie19GeQw" \
  "ggM1BgkqhkiG9w0BBwGgggMmBIIDIjCCAx4wggMaBgsqhkiG9w0BDAoBAqCCAuIwggLeMFgG" \
  "CSqGSIb3DQEFDTBLMCoGCSqGSIb3DQEFDDAdBAj5kqikG8/f7wIDAYahMAwGCCqGSIb3DQIJ" \
  "BQAwHQYJYIZIAWUDBAEqBBAL8gL2n4BSiJDxVGBw5U+IBIICgGqpuy1rlJB6Ep2uhNPlQjIO" \
  "e1dlTHc4JO5H445uLS+aEY8V66rtvZJlBPkea/6ps3hpq3AUx9LKx4/LeOv1tkZ8XajdnRdk" \
  "bx056CjdVBFYr60yt3X91G/rviJbJin1qvLzoRXihfUSZ8L1wZrmDjALaA2wWJ7NoqqBsMvm" \
  "D8dnfYj3bdKrg1y8o5T7vFzB7iW9eTHeI6JBYJujSBOOjt/usUpeE0phh9c4eDvXLGIwU91w" \
  "uIrX4U1MyTHMG9HTLdSE6ej6Gs6mUdqP/skavIGuNJVHQR9pABljbPLoR2DZfdKjNs/9tZOf" \
  "T4GLsG+5oloKOwIUI9YyEj9Qd4uNon50c9YFZBJwSUPWdNqwU7lu7orwkv2XdhBp7MKNKGXp" \
  "f8GfBZXJ8ECB2jRaNUZn/qoniNnrNbqSCfrPZ73HfYdc8vibqUG3H71X7QzLyeowOOls8d/K" \
  "EsBsfuJNG2wFtUIFt+SuK986Qych3QMKSueRVWTQ7YjK1uk9Xmvbnyug9Q1toJ6cuaewJgJw" \
  "aVqhu4jsYP1cx1oa+2fJjGMC/8d45uWkvFAAjruAzBDQ7nnmzAs5KXefyNsB2D9W7PgREX9e" \
  "SeEVXnft129ra0dnHWaqFXG+mfVKR8zmy4pPYJ7BHY8hrVCDNbrEX/v6BwnrI9eGS4rv6Eol" \
  "OtdwXhTsyi0v96XUni4bj96L8C9u7OCqImAz865RF3CsSI8MpknX5s1ZR5IwBd3NbRaOh+XR" \
  "F7AE5YeXjOra5Fdl9JjcM0xyUWFfW8faLGtSjYMOvKX9SrrF/Pz7LGe+EaUmkSGXomiS9D6S" \
  "W9bVbBAPVD/qHbhLz12w04TY8cXWO8SNs09mhJQxJTAjBgkqhkiG9w0BCRUxFgQUplfec3V8" \
  "pcY+MHKsYa10bbMnEkAwQjAxMA0GCWCGSAFlAwQCAQUABCDoJchr8KxWDl/IcduEcOltLlA8" \
  "Idw5ILAWODFS0cRODgQI+D+zhnO5xqcCAwGGoQ=="

#define B64_P12_LEGACY                                                           \
  "MIICPAIBAzCCAgIGCSqGSIb3DQEHAaCCAfMEggHvMIIB6zCCAecGCSqGSIb3DQEHBqCCAdgwggHU" \
  "AgEAMIIBzQYJKoZIhvcNAQcBMBwGCiqGSIb3DQEMAQYwDgQIVg0kOktdRSkCAggAgIIBoIxi5TUo" \
  "P14knIIo1OtPs53yZtFi6bz9lKBPpAC+usl0Sr96vi8Qn1FzgBULr6DzAilNo6U8TsXj/UPg5JTa" \
  "agZIpBDfUG5pXFITROimanSaDGz8wwu4bbKMLPjOdDeMOaAOJAhU38uuGbiStHamfyQMK/Qvpz6S" \
  "SJE85cjwydyqWt8FbtFvKs4gBlTcAu/4TEZaK3or01QFM3cik9ddy/n1mOAT/M1E50U74Z/E8Ptc" \
  "ujHOjf0pGvZ4qaHHC+3lFa5cB02PF8CXzSfmaeFrOMRMpLJ9hS+DtqO4AAuZrJOGsKAfJ7l9aJ86" \
  "QIuNq4zwyApwryg4rOUcZr2cMAfkPNWMsmRGn6nnEdgLuTwM/KDROEE8dhXHO5Je0Gn4urOnUjpT" \
  "nGOSlsBxgyyvqS+1s5KPnrVYVof7W4vG3BRsfIwkNvnQYRLwPcEaICjOnCzt0q+2Ommk55RVGgVs" \
  "UPMkNtbB1p1q7w/kByn97gzcAZ1KsuaF1xiA0S81ZfM4EZQ28nJLiS/rQdjDx6bSAGBorzeuQptN" \
  "9zwvKcGVB1QMgMEoMDEwITAJBgUrDgMCGgUABBSr/iDWVyU6pamKGNDaCQcmUORE1QQIfn+4jTtg" \
  "7+ICAggA"                                                                     \
  ""
#define B64_INTER_DER                                                            \
  "MIIBajCCARCgAwIBAgICA+swCgYIKoZIzj0EAwIwMTEVMBMGA1UECgwMRXhhbXBsZSBDb3JwMRgw" \
  "FgYDVQQDDA9FeGFtcGxlIFJvb3QgQ0EwIBcNMjQwMTAxMDAwMDAwWhgPMjA5OTEyMzEwMDAwMDBa" \
  "MDQxFTATBgNVBAoMDEV4YW1wbGUgQ29ycDEbMBkGA1UEAwwSRXhhbXBsZSBJc3N1aW5nIENBMFkw" \
  "EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFyMXpYXPiQASJIGWSRx7mgPyI1QIEnMmiAMv2bKZ+p85" \
  "IUl3lKAdGCYzyiWqyGO0/dA0bwyMq1rzjlgp/SM+0qMTMBEwDwYDVR0TAQH/BAUwAwEB/zAKBggq" \
  "hkjOPQQDAgNIADBFAiAYSjd0xt3YrG1gk7d4aq+688Tc5auO2pYeQPdwRHv42AIhAPodsfnXb7vq" \
  "p1ewvTtMNNY4TJR3dLQWqhU/cx7NrjMH"                                             \
  ""

#define COMMON(type, uuid)                                      \
  "      <key>PayloadIdentifier</key><string>com.example." uuid \
  "</string>\n"                                                 \
  "      <key>PayloadType</key><string>" type                   \
  "</string>\n"                                                 \
  "      <key>PayloadUUID</key><string>" uuid                   \
  "</string>\n"                                                 \
  "      <key>PayloadVersion</key><integer>1</integer>\n"
#define NEXT "    </dict>\n    <dict>\n"
#define CERT_PAYLOAD(type, uuid, b64) \
  COMMON(type, uuid)                  \
  "      <key>PayloadContent</key>\n      <data>" b64 "</data>\n"
#define ID_UUID "1E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B"
#define VPN_UUID "0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B"

typedef struct {
  char *text;
  mcl_result *r;
} lint;

static lint run(const char *body) {
  lint l;
  l.text = profile_with_payload(body);
  l.r = lint_text(l.text, NULL);
  return l;
}

static void done(lint *l) {
  mcl_result_free(l->r);
  free(l->text);
}

#define NONE(l, rule) \
  ck_assert_msg(count_rule((l).r, rule) == 0, "%s reported:\n%s", rule, dump_diags((l).r))

#define VPN_NAMING(uuid)                                                       \
  COMMON("com.apple.vpn.managed", VPN_UUID)                                    \
  "      <key>VPNType</key><string>IKEv2</string>\n"                           \
  "      <key>IKEv2</key><dict><key>PayloadCertificateUUID</key><string>" uuid \
  "</string></dict>\n"

START_TEST(certificate_reference) {
  lint l = run(VPN_NAMING("9F1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B"));
  ck_assert_diag_at_text(l.r, "certificate-reference", l.text, "<string>9F1F2A3B");
  ck_assert_str_eq(find_rule(l.r, "certificate-reference")->path,
                   "PayloadContent[0].IKEv2.PayloadCertificateUUID");
  done(&l);
  /* Found, whatever the case of the letters. */
  l = run(VPN_NAMING("1e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")
              NEXT CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_P12));
  NONE(l, "certificate-reference");
  done(&l);
  /* A reference to a payload that holds no certificate. */
  l = run(VPN_NAMING(VPN_UUID));
  ck_assert_uint_eq(count_rule(l.r, "certificate-reference"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "certificate-reference")->message, "no certificate"));
  done(&l);
  /* Anchor arrays, at any depth; template placeholders are left alone. */
  l = run(COMMON("com.apple.wifi.managed", VPN_UUID)
          "      <key>EAPClientConfiguration</key><dict><key>PayloadCertificateAnchorUUID</key>\n"
          "        <array><string>{{anchor}}</string><string>2A1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string></array>\n"
          "      </dict>\n");
  ck_assert_diag_at_text(l.r, "certificate-reference", l.text, "<string>2A1F");
  ck_assert_str_eq(find_rule(l.r, "certificate-reference")->path,
                   "PayloadContent[0].EAPClientConfiguration.PayloadCertificateAnchorUUID[1]");
  done(&l);
  /* Vendor settings may use Apple's names for their own purposes... */
  l = run(COMMON("com.example.app", VPN_UUID)
          "      <key>SigningCertificateUUID</key><string>3A1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n");
  NONE(l, "certificate-reference");
  done(&l);
  /* ...but PayloadCertificateUUID means the same everywhere. */
  l = run(COMMON("com.example.app", VPN_UUID)
          "      <key>PayloadCertificateUUID</key><string>3A1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>\n");
  ck_assert_uint_eq(count_rule(l.r, "certificate-reference"), 1);
  done(&l);
}
END_TEST

START_TEST(certificate_content) {
  lint l = run(CERT_PAYLOAD("com.apple.security.root", ID_UUID, "SGVsbG8sIHdvcmxkIQ=="));
  ck_assert_diag_at_text(l.r, "certificate-content", l.text, "<data>SGVsbG8");
  done(&l);
  l = run(COMMON("com.apple.security.pkcs1", ID_UUID));
  ck_assert_diag_at_text(l.r, "certificate-content", l.text,
                         "<dict>\n      <key>PayloadIdentifier");
  NONE(l, "missing-required-key"); /* superseded */
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs1", ID_UUID, B64_LEAF_DER));
  NONE(l, "certificate-content");
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pem", ID_UUID, B64_FUTURE_PEM));
  NONE(l, "certificate-content");
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_LEAF_DER));
  ck_assert_uint_eq(count_rule(l.r, "certificate-content"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "certificate-content")->message, "PKCS#12"));
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_P12));
  NONE(l, "certificate-content");
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID,
                       B64_P12) "      <key>Password</key><string>device-asks</string>\n");
  NONE(l, "certificate-content");
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID,
                       B64_P12) "      <key>Password</key><string>zqxwrong</string>\n");
  ck_assert_diag_at_text(l.r, "certificate-content", l.text, "<string>zqxwrong");
  ck_assert_ptr_null(strstr(find_rule(l.r, "certificate-content")->message, "zqx"));
  done(&l);
}
END_TEST

/* The PKCS#12 key derivation of pkcs12_legacy.c gives what libcrypto's
 * gives, for passwords ASCII, empty, accented and outside the BMP, salts
 * shorter and longer than a block, every ID and key length used. */
START_TEST(pkcs12_kdf_matches_libcrypto) {
  static const char *const passes[] = {"legacy-pass", "", "p\xc3\xa4ssw\xc3\xb6rd",
                                       "\xf0\x9f\x94\x91 key"};
  unsigned char salt[70];
  for (size_t i = 0; i < sizeof salt; i++) salt[i] = (unsigned char)(i * 37 + 11);
  static const size_t salt_lens[] = {8, 1, 70};
  static const long iters[] = {1, 2, 2048};
  static const size_t lens[] = {5, 8, 16, 20};
  for (size_t p = 0; p < 4; p++)
    for (size_t s = 0; s < 3; s++)
      for (int id = 1; id <= 3; id++)
        for (size_t it = 0; it < 3; it++)
          for (size_t l = 0; l < 4; l++) {
            unsigned char mine[20], theirs[20];
            ck_assert(mcl_pkcs12_kdf_sha1(passes[p], salt, salt_lens[s], id, iters[it], mine,
                                          lens[l]));
            ck_assert(PKCS12_key_gen_utf8_ex(passes[p], (int)strlen(passes[p]), salt,
                                             (int)salt_lens[s], id, (int)iters[it], (int)lens[l],
                                             theirs, EVP_sha1(), NULL, NULL));
            ck_assert_msg(!memcmp(mine, theirs, lens[l]), "pass %zu salt %zu id %d iter %ld len %zu",
                          p, salt_lens[s], id, iters[it], lens[l]);
          }
}
END_TEST

START_TEST(certificate_validity) {
  lint l = run(CERT_PAYLOAD("com.apple.security.pkcs1", ID_UUID, B64_EXPIRED_DER));
  ck_assert_diag_at_text(l.r, "certificate-validity", l.text, "<data>");
  const char *m = find_rule(l.r, "certificate-validity")->message;
  ck_assert_ptr_nonnull(strstr(m, "CN=old-vpn.example.com, O=Example Corp"));
  ck_assert_ptr_nonnull(strstr(m, "expired on 2016-03-01"));
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pem", ID_UUID, B64_FUTURE_PEM));
  ck_assert_ptr_nonnull(
      strstr(find_rule(l.r, "certificate-validity")->message, "not valid before 2098-01-01"));
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs1", ID_UUID, B64_LEAF_DER));
  NONE(l, "certificate-validity");
  done(&l);
  /* Inside a PKCS#12 encrypted with RC2, opened with OpenSSL's legacy
   * provider; where that is missing the file stays closed, and its right
   * password must still not be called wrong. */
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_P12_LEGACY)
          "      <key>Password</key><string>legacy-pass</string>\n");
  ck_assert_uint_eq(count_rule(l.r, "certificate-validity"), mcl_cert_legacy_available() ? 1 : 0);
  NONE(l, "certificate-content");
  done(&l);
  /* A file asking for more key-derivation rounds than MAX_KDF_ROUNDS is
   * never opened, so a crafted one cannot stall the lint: even a wrong
   * password goes unremarked, as without a password. */
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_P12_COSTLY)
          "      <key>Password</key><string>zqxwrong</string>\n");
  NONE(l, "certificate-content");
  done(&l);
  /* Without its password, a PKCS#12 file cannot be looked into. */
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_P12_LEGACY));
  NONE(l, "certificate-validity");
  done(&l);
  /* A wrong password does not open the RC2 bag (the padding or the
   * SafeContents do not decode), and the MAC then says it is wrong. */
  l = run(CERT_PAYLOAD("com.apple.security.pkcs12", ID_UUID, B64_P12_LEGACY)
          "      <key>Password</key><string>zqxwrong</string>\n");
  NONE(l, "certificate-validity");
  ck_assert_diag_at_text(l.r, "certificate-content", l.text, "<string>zqxwrong");
  done(&l);
}
END_TEST

START_TEST(root_certificate) {
  lint l = run(CERT_PAYLOAD("com.apple.security.root", ID_UUID, B64_CA_DER));
  ck_assert_diag_at_text(l.r, "root-certificate", l.text, "<data>");
  ck_assert_int_eq(find_rule(l.r, "root-certificate")->severity, MCL_INFO);
  ck_assert_ptr_nonnull(
      strstr(find_rule(l.r, "root-certificate")->message, "'CN=Example Root CA, O=Example Corp'"));
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs1", ID_UUID, B64_CA_DER));
  ck_assert_uint_eq(count_rule(l.r, "root-certificate"), 1);
  done(&l);
  l = run(CERT_PAYLOAD("com.apple.security.pkcs1", ID_UUID, B64_INTER_DER));
  NONE(l, "root-certificate");
  done(&l);
  /* A leaf (basic constraints CA false, issued by another name) is no root. */
  l = run(CERT_PAYLOAD("com.apple.security.pkcs1", ID_UUID, B64_LEAF_DER));
  NONE(l, "root-certificate");
  done(&l);
}
END_TEST

#define MCX COMMON("com.apple.ManagedClient.preferences", ID_UUID)

START_TEST(mcx_structure) {
  lint l = run(MCX "      <key>com.example.app</key><dict><key>A</key><true/></dict>\n");
  ck_assert_diag_at_text(l.r, "mcx-preferences-structure", l.text, "<key>com.example.app");
  done(&l);
  l = run(MCX
          "      <key>PayloadContent</key><dict><key>com.example.app</key><dict>\n"
          "        <key>AutoUpdate</key><false/></dict></dict>\n");
  ck_assert_diag_at_text(l.r, "mcx-preferences-structure", l.text, "<key>AutoUpdate");
  done(&l);
  l = run(MCX "      <key>PayloadContent</key><dict><key>PayloadContent</key><dict/></dict>\n");
  ck_assert_uint_eq(count_rule(l.r, "mcx-preferences-structure"), 1);
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "mcx-preferences-structure")->message, "nested"));
  done(&l);
  l = run(
      MCX
      "      <key>PayloadContent</key><dict><key>com.example.app</key><dict>\n"
      "        <key>Set-Once</key><array><dict><key>A</key><true/></dict></array></dict></dict>\n");
  ck_assert_diag_at_text(l.r, "mcx-preferences-structure", l.text, "<dict><key>A</key>");
  done(&l);
  l = run(MCX
          "      <key>PayloadContent</key><dict><key>com.example.app</key><dict>\n"
          "        <key>Forced</key><array><dict><key>mcx_preference_settings</key><dict>\n"
          "          <key>A</key><true/></dict></dict></array></dict></dict>\n");
  NONE(l, "mcx-preferences-structure");
  done(&l);
}
END_TEST

#define VPN_IKEV2(extra)                                                                 \
  COMMON("com.apple.vpn.managed", VPN_UUID)                                              \
  "      <key>VPNType</key><string>IKEv2</string>\n      <key>IKEv2</key><dict>\n" extra \
  "      </dict>\n"

START_TEST(ineffective_setting) {
  lint l = run(VPN_IKEV2("        <key>DisconnectOnIdleTimer</key><integer>120</integer>\n"));
  ck_assert_diag_at_text(l.r, "ineffective-setting", l.text, "<key>DisconnectOnIdleTimer");
  ck_assert_str_eq(find_rule(l.r, "ineffective-setting")->path,
                   "PayloadContent[0].IKEv2.DisconnectOnIdleTimer");
  done(&l);
  l =
      run(VPN_IKEV2("        <key>DisconnectOnIdle</key><integer>1</integer>\n"
                    "        <key>DisconnectOnIdleTimer</key><integer>120</integer>\n"
                    "        <key>ExcludeAPNs</key><integer>1</integer>\n"
                    "        <key>ExcludeLocalNetworks</key><integer>1</integer>\n"
                    "        <key>EnforceRoutes</key><integer>1</integer>\n"));
  NONE(l, "ineffective-setting"); /* ExcludeAPNs = 1 is the default anyway */
  done(&l);
  l =
      run(VPN_IKEV2("        <key>IncludeAllNetworks</key><integer>1</integer>\n"
                    "        <key>EnforceRoutes</key><integer>1</integer>\n"));
  ck_assert_diag_at_text(l.r, "ineffective-setting", l.text, "<key>EnforceRoutes");
  done(&l);
  l = run(COMMON(
      "com.apple.proxy.http.global",
      ID_UUID) "      <key>ProxyPACURL</key><string>https://example.com/p.pac</string>\n"
               "      <key>ProxyServer</key><string>proxy.example.com</string>\n"
               "      <key>ProxyServerPort</key><integer>8080</integer>\n");
  ck_assert_diag_at_text(l.r, "ineffective-setting", l.text, "<key>ProxyPACURL");
  NONE(l, "missing-dependent-key");
  done(&l);
  /* An empty ProxyPACURL is an unset key: nothing to lose. */
  l = run(COMMON("com.apple.proxy.http.global",
                 ID_UUID) "      <key>ProxyPACURL</key><string></string>\n"
                          "      <key>ProxyServer</key><string>proxy.example.com</string>\n");
  NONE(l, "ineffective-setting");
  done(&l);
}
END_TEST

START_TEST(missing_dependent_key) {
  lint l = run(COMMON(
      "com.apple.dnsSettings.managed",
      ID_UUID) "      "
               "<key>DNSSettings</key><dict><key>DNSProtocol</key><string>TLS</string></dict>\n");
  ck_assert_diag_at_text(l.r, "missing-dependent-key", l.text, "<string>TLS");
  ck_assert_ptr_nonnull(strstr(find_rule(l.r, "missing-dependent-key")->message, "ServerName"));
  done(&l);
  l = run(COMMON(
      "com.apple.dnsSettings.managed",
      ID_UUID) "      <key>DNSSettings</key><dict><key>DNSProtocol</key><string>TLS</string>"
               "<key>ServerName</key><string>dns.example.com</string></dict>\n");
  NONE(l, "missing-dependent-key");
  done(&l);
  l = run(VPN_IKEV2(
      "") "      <key>Proxies</key><dict><key>HTTPSProxy</key><string>p</string></dict>\n"
          "      <key>DNS</key><dict><key>DNSProtocol</key><string>HTTPS</string>"
          "<key>ServerURL</key><string></string></dict>\n");
  ck_assert_uint_eq(count_rule(l.r, "missing-dependent-key"), 2);
  unsigned line, col;
  pos_of(l.text, "<key>HTTPSProxy", &line, &col);
  ck_assert_uint_eq(count_rule_at(l.r, "missing-dependent-key", line, col), 1);
  done(&l);
  l = run(COMMON("com.apple.proxy.http.global",
                 ID_UUID) "      <key>ProxyType</key><string>Auto</string>\n");
  NONE(l, "missing-dependent-key");
  done(&l);
}
END_TEST

Suite *payload_suite(void) {
  Suite *s = suite_create("payload");
  TCase *tc = tcase_create("rules");
  tcase_add_test(tc, certificate_reference);
  tcase_add_test(tc, certificate_content);
  tcase_add_test(tc, certificate_validity);
  tcase_add_test(tc, pkcs12_kdf_matches_libcrypto);
  tcase_add_test(tc, root_certificate);
  tcase_add_test(tc, mcx_structure);
  tcase_add_test(tc, ineffective_setting);
  tcase_add_test(tc, missing_dependent_key);
  suite_add_tcase(s, tc);
  return s;
}
