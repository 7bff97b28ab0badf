import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "@/lib/http/errors";
import { validateSlackWebhookUrl, validateWebhookUrl } from "./destination";

// Unit tests run with the production default: private networks are not allowed. (The e2e
// server allows them, so its receivers on 127.0.0.1 cover the allowed case.)

const validationError = (field: string, message: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ApiError, String(error));
  assert.equal(error.code, "validation_error");
  assert.equal(error.status, 400);
  assert.equal(error.details?.[0]?.field, field);
  assert.match(error.message, message);
  return true;
};

describe("validateWebhookUrl", () => {
  test("a public destination is accepted and normalised", async () => {
    assert.equal(await validateWebhookUrl("https://93.184.216.34/hook"), "https://93.184.216.34/hook");
    assert.equal(await validateWebhookUrl("HTTP://93.184.216.34:8080"), "http://93.184.216.34:8080/");
    assert.equal(await validateWebhookUrl("https://[2606:4700::1111]/x?y=1"), "https://[2606:4700::1111]/x?y=1");
  });

  test("private destinations are refused, however they are written", async () => {
    for (const url of [
      "http://127.0.0.1:8080/x",
      "http://localhost/hook",
      "http://[::1]/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://[0:0:0:0:0:ffff:7f00:1]/x",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.5/x",
      "http://2130706433/x", // 127.0.0.1 as one number
      "http://0x7f.0.0.1/x",
      "http://0177.0.0.1/x",
    ]) {
      // Generic: nothing about what the name resolves to, nor which setting would allow it.
      await assert.rejects(validateWebhookUrl(url), validationError("url", /^url: destination not allowed$/), url);
    }
  });

  test("the field name is the caller's", async () => {
    await assert.rejects(validateWebhookUrl("http://10.0.0.5/", "config.url"), validationError("config.url", /^config\.url: /));
  });

  test("not an absolute http(s) URL, or with credentials: refused before any lookup", async () => {
    await assert.rejects(validateWebhookUrl("not a url"), validationError("url", /absolute http\(s\) URL/));
    await assert.rejects(validateWebhookUrl("/relative/path"), validationError("url", /absolute http\(s\) URL/));
    await assert.rejects(validateWebhookUrl("ftp://93.184.216.34/"), validationError("url", /must use http or https/));
    await assert.rejects(validateWebhookUrl("javascript:alert(1)"), validationError("url", /must use http or https/));
    await assert.rejects(validateWebhookUrl("https://user:pass@93.184.216.34/"), validationError("url", /must not contain credentials/));
    await assert.rejects(validateWebhookUrl("https://user@93.184.216.34/"), validationError("url", /must not contain credentials/));
  });
});

describe("validateSlackWebhookUrl", () => {
  test("only Slack's webhook host, over https", async () => {
    await assert.rejects(validateSlackWebhookUrl("https://example.com/services/T/B/x"), validationError("config.webhookUrl", /Slack incoming webhook URL \(https:\/\/hooks\.slack\.com\/services\/…\)/));
    await assert.rejects(validateSlackWebhookUrl("https://hooks.slack.com.evil.test/services/T/B/x"), validationError("config.webhookUrl", /Slack incoming webhook URL/));
    await assert.rejects(validateSlackWebhookUrl("http://hooks.slack.com/services/T/B/x"), validationError("config.webhookUrl", /must use https/));
    await assert.rejects(validateSlackWebhookUrl("https://u:p@hooks.slack.com/services/T/B/x"), validationError("config.webhookUrl", /credentials/));
    await assert.rejects(validateSlackWebhookUrl("hooks.slack.com/services/T/B/x"), validationError("config.webhookUrl", /absolute/));
  });
});
