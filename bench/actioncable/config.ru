# Minimal Action Cable app for the benchmark: Rails' own server classes, no Rails application.
# One channel streams from the stream named by the "stream" subscribe parameter; POST /_broadcast takes
# the same body as cable-cluster's endpoint ({"stream":..,"data":"<json text>"}) and calls
# ActionCable.server.broadcast, so the load tool drives both servers through HTTP in, WebSocket out.
require "action_cable"
require "json"
require "logger"
require "securerandom"

module ApplicationCable
  class Connection < ActionCable::Connection::Base
    identified_by :sid

    def connect
      self.sid = SecureRandom.hex(8)
    end
  end

  class Channel < ActionCable::Channel::Base
  end
end

class BenchChannel < ApplicationCable::Channel
  def subscribed
    stream_from params[:stream]
  end
end

ActionCable.server.config.cable = {
  "adapter" => ENV.fetch("CABLE_ADAPTER", "redis"),
  "url" => ENV.fetch("REDIS_URL", "redis://127.0.0.1:6379/1")
}
ActionCable.server.config.connection_class = -> { ApplicationCable::Connection }
ActionCable.server.config.disable_request_forgery_protection = true
ActionCable.server.config.worker_pool_size = Integer(ENV.fetch("CABLE_WORKER_POOL", "4"))
ActionCable.server.config.logger = Logger.new($stderr, level: Logger::WARN)

broadcast = lambda do |env|
  return [405, {}, []] unless env["REQUEST_METHOD"] == "POST"
  body = JSON.parse(env["rack.input"].read)
  ActionCable.server.broadcast(body.fetch("stream"), JSON.parse(body.fetch("data")))
  [201, {}, []]
rescue JSON::ParserError, KeyError
  [422, {}, []]
end

map("/cable") { run ActionCable.server }
map("/_broadcast") { run broadcast }
map("/health") { run ->(_env) { [200, { "content-type" => "text/plain" }, ["ok"]] } }
